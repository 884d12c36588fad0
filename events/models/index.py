"""The site-wide calendar: every dated page, filterable, with a feed per filter."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField

from home.blocks import BaseStreamBlock
from home.content_version import kept
from home.models import BasePage
from home.routes import Routes


class EventIndexPage(Routes, BasePage):
    """
    活动日历. Routes: the calendar (list or month grid, filtered by GET
    parameters), its iCal feed, and a page per venue. A section's calendar is
    the same view with ``?section=<slug>``.
    """

    page_description = _("全站活动日历：可按日期、地区、主办单位筛选，可订阅到手机日历。")

    intro = StreamField(BaseStreamBlock(), verbose_name=_("介绍"), blank=True)

    content_panels = BasePage.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.FestivalPage", "events.TourPage", "events.EventPage"]
    max_count = 1

    def get_sitemap_urls(self, request=None):
        """The calendar, and a page per venue that has dates (they live on the calendar's routes)."""
        from .occurrences import Occurrence

        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        venue_ids = (
            Occurrence.objects.visible().exclude(venue=None).values_list("venue", flat=True).distinct()
        )
        for venue_id in venue_ids:
            urls.append({"location": base + self.reverse_subpage("venue", args=[venue_id])})
        return urls

    class Meta:
        verbose_name = _("活动日历")
        verbose_name_plural = _("活动日历")

    def festivals_by_year(self):
        """[(year, [festival, …])], newest year first; kept until the next publish."""
        return kept(("festivals-by-year", self.pk), self._festivals_by_year)

    def _festivals_by_year(self):
        from .pages import FestivalPage

        festivals = FestivalPage.objects.child_of(self).live().public().order_by("-year", "start_date")
        by_year = {}
        for festival in festivals.defer_streamfields():
            by_year.setdefault(festival.year, []).append(festival)
        return list(by_year.items())

    @path("")
    def calendar(self, request):
        from events import views

        return views.calendar(request, self)

    @path("ical/")
    def feed(self, request):
        from events import feeds

        return feeds.calendar_feed(request, self)

    @path("venues/<int:venue_id>/")
    def venue(self, request, venue_id):
        from events import views

        return views.venue(request, self, venue_id)

    @path("venues/<int:venue_id>/ical/")
    def venue_feed(self, request, venue_id):
        from events import feeds

        return feeds.venue_feed(request, self, venue_id)

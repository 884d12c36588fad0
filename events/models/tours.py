"""Touring exhibitions (科普大篷车, 1831流动科技馆): an ordered itinerary of stops, each one dated."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from events import seats
from events.fields import optional_image
from home.blocks import BaseStreamBlock
from home.fragments import Drawable
from home.models import BasePage
from home.routes import Routes
from home.routing import kept_with_page

from .pages import CalendarEntry, api_fields
from .schedule import Status, local_midnight


class TourPage(Routes, CalendarEntry, BasePage):
    """A travelling exhibition (科普大篷车, 1831流动科技馆): an ordered itinerary of stops."""

    page_description = _("巡展，如科普大篷车：按顺序排列的各站场馆和日期。")

    image = optional_image(_("图片"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("介绍"), blank=True)

    # Read with the page when it is served (home.routing): the organiser of every stop's JSON-LD.
    shown_with = ("section",)

    content_panels = BasePage.content_panels + [
        InlinePanel("stops", heading=_("巡展站点"), label=_("站点"), min_num=1),
        MultiFieldPanel(CalendarEntry.entry_panels, heading=_("参加信息")),
        "image",
        "body",
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("stops", [index.RelatedFields("venue", [index.SearchField("name")])]),
    ]
    api_fields = BasePage.api_fields + api_fields(
        "section", "festival", "audience", "is_free", "image", "body", "dates"
    )
    parent_page_types = ["events.EventIndexPage", "home.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("巡展")
        verbose_name_plural = _("巡展")

    def dated_rows(self, window):
        rows = []
        for stop in self.stops.all():
            start, end = (
                local_midnight(stop.start_date),
                local_midnight(stop.end_date + datetime.timedelta(days=1)),
            )
            if start < window[1] and end > window[0]:
                rows.append(stop.occurrence_row(start, end))
        return rows

    def itinerary(self):
        """
        The stops in order with their venues (kept until a publish for the live
        page), each that takes sign-ups with its seats left.
        """
        stops = kept_with_page(
            self,
            "tour-stops",
            lambda: Drawable(self.stops.select_related("venue").order_by("start_date", "sort_order")),
        )
        if self.takes_signups and self.pk:
            dates = {occurrence.key: occurrence for occurrence in seats.attach(self.occurrences.all())}
            for stop in stops:
                stop.seats = getattr(dates.get(f"stop-{stop.pk}"), "seats", None)
        return stops

    def get_context(self, request, *args, **kwargs):
        from events.filters import today
        from events.views import feed_links

        context = super().get_context(request, *args, **kwargs)
        context["today"] = today()
        context["stops"] = self.itinerary()
        context["showing"], context["next_stop"] = showing_and_next(context["stops"], context["today"])
        context.update(feed_links(request, self.route_url("feed"), ""))
        return context

    @path("ical/")
    def feed(self, request):
        from events import feeds

        return feeds.tour_feed(request, self)


def showing_and_next(stops, today):
    """The stop showing ``today`` and the next one to come (or None), of those going ahead."""
    showing = next((s for s in stops if s.start_date <= today <= s.end_date and s.goes_ahead), None)
    upcoming = next((s for s in stops if s.start_date > today and s.goes_ahead), None)
    return showing, upcoming


class TourStop(Orderable):
    class StopStatus(models.TextChoices):
        SCHEDULED = Status.SCHEDULED.value, Status.SCHEDULED.label
        CANCELLED = Status.CANCELLED.value, Status.CANCELLED.label
        POSTPONED = Status.POSTPONED.value, Status.POSTPONED.label
        MOVED = Status.MOVED.value, Status.MOVED.label

    tour = ParentalKey("events.TourPage", on_delete=models.CASCADE, related_name="stops")
    venue = models.ForeignKey(
        "events.Venue", verbose_name=_("场馆"), on_delete=models.PROTECT, related_name="+"
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    status = models.CharField(_("状态"), max_length=12, choices=StopStatus.choices, default=Status.SCHEDULED)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    panels = ["venue", FieldRowPanel(["start_date", "end_date"]), "status", "note"]

    class Meta(Orderable.Meta):
        verbose_name = _("巡展站点")
        verbose_name_plural = _("巡展站点")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})

    @property
    def goes_ahead(self):
        return self.status not in (Status.CANCELLED, Status.POSTPONED)

    def occurrence_row(self, start, end):
        from .occurrences import OccurrenceRow

        return OccurrenceRow(
            key=f"stop-{self.pk}",
            start=start,
            end=end,
            all_day=True,
            status=self.status,
            venue_id=self.venue_id,
            note=self.note,
        )

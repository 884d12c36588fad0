"""Festival editions, events and touring exhibitions: the pages that happen in time."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from events import seats
from events.fields import MultipleChoiceCharField, optional_image, split_codes
from events.forms import EventPageForm
from events.shapes import DateOut, VenueOut, date_out, venue_out
from home import live_figures
from home.api import typed
from home.blocks import BaseStreamBlock
from home.models import BasePage, SectionOwned
from home.routes import Routes
from home.routing import kept_with_page

from .occurrences import Occurrence
from .schedule import DateChange, Schedule


def api_fields(*names):
    """APIFields by name; dates and venues typed for the apps (events.shapes), the rest as Wagtail types them."""
    typed_fields = {
        "dates": APIField("dates", serializer=typed(list[DateOut])),
        "venue": APIField("venue", serializer=typed(VenueOut, venue_out)),
        "main_venue": APIField("main_venue", serializer=typed(VenueOut, venue_out)),
    }
    return [typed_fields.get(name) or APIField(name) for name in names]


AUDIENCES = [
    ("children", _("儿童")),
    ("students", _("中小学生")),
    ("families", _("家庭")),
    ("seniors", _("老年人")),
    ("professionals", _("专业人士")),
]


class CalendarEntry(SectionOwned):
    """What visitors filter dated pages by, besides the date: who it is for, cost, organiser (the section)."""

    festival = models.ForeignKey(
        "events.FestivalPage",
        verbose_name=_("所属活动周"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("属于某届北京科技周或全国科普日时选择，活动会出现在该届日程中。"),
    )
    audience = MultipleChoiceCharField(_("适合人群"), options=AUDIENCES)
    is_free = models.BooleanField(_("免费"), default=True)
    registration_url = models.URLField(
        _("报名链接"), blank=True, help_text=_("需要报名时填写；留空表示无需报名。")
    )
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True, help_text=_("每场的人数上限。"))
    # Sign-ups on this site (the registrations app): per date, opening and
    # closing relative to its start, so a weekly lecture opens each week anew.
    takes_signups = models.BooleanField(
        _("在本平台报名"),
        default=False,
        help_text=_("公众在本网站报名，系统按名额确认、候补并在现场签到；需要填写名额。"),
    )
    signup_opens_days = models.PositiveSmallIntegerField(
        _("提前几天开放报名"), default=14, validators=[MaxValueValidator(365)]
    )
    signup_closes_hours = models.PositiveSmallIntegerField(
        _("开始前几小时截止报名"), default=2, validators=[MaxValueValidator(24 * 30)]
    )
    seats_per_person = models.PositiveSmallIntegerField(
        _("每次报名最多人数"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("例如亲子活动一家最多 3 人。"),
    )
    accessibility_notes = models.TextField(_("无障碍说明"), blank=True)
    # Rises whenever the published dates change, so calendar apps replace
    # their copy (iCal SEQUENCE).
    ical_sequence = models.PositiveIntegerField(default=0, editable=False)

    entry_panels = [
        "festival",
        "audience",
        FieldRowPanel(["is_free", "capacity"]),
        "takes_signups",
        FieldRowPanel(["signup_opens_days", "signup_closes_hours", "seats_per_person"]),
        "registration_url",
        "accessibility_notes",
    ]

    class Meta:
        abstract = True

    @property
    def audience_labels(self):
        labels = dict(AUDIENCES)
        return [labels[code] for code in split_codes(self.audience) if code in labels]

    def clean(self):
        super().clean()
        if self.takes_signups and not self.capacity:
            raise ValidationError({"capacity": _("在本平台报名需要填写每场的名额。")})
        if self.takes_signups and self.registration_url:
            raise ValidationError({"registration_url": _("已选择在本平台报名，请清空外部报名链接。")})

    def dated_rows(self, window):
        """The OccurrenceRows of this page's own dates inside ``window``: each dated page type says how."""
        raise NotImplementedError

    def occurrence_rows(self, window):
        """What goes into the Occurrence table: the page's dates, with what visitors filter them by."""
        return [
            row.replace(
                section_id=self.section_id,
                festival_id=self.festival_id,
                audience=self.audience,
                is_free=self.is_free,
                needs_registration=bool(self.registration_url) or self.takes_signups,
                **self._signup_columns(row),
            )
            for row in self.dated_rows(window)
        ]

    def _signup_columns(self, row):
        if not (self.takes_signups and self.capacity):
            return {}
        return {
            "capacity": self.capacity,
            "seats_per_person": self.seats_per_person,
            "signup_opens": row.start - datetime.timedelta(days=self.signup_opens_days),
            "signup_closes": row.start - datetime.timedelta(hours=self.signup_closes_hours),
        }

    def upcoming_dates(self, limit=30):
        """Dates not yet over, with their status and seats left, for the page itself (none while it is being created)."""
        if self.pk is None:
            return []

        def upcoming():
            return list(
                self.occurrences.filter(end__gt=timezone.now())
                .select_related("venue")
                .order_by("start")[:limit]
            )

        # Kept for the live page until a publish, or until the first of them ends.
        return seats.attach(
            kept_with_page(self, f"event-upcoming-{limit}", upcoming, until=Occurrence.first_end)
        )

    def get_context(self, request, *args, **kwargs):
        if self.takes_signups:
            # It shows seats left: the page cache keeps this copy only until they change.
            live_figures.shown(request)
        return super().get_context(request, *args, **kwargs)

    @property
    def dates(self):
        """Every materialised date with its status and venue, for the apps (events.api.DateOut)."""
        return [
            date_out(occurrence) for occurrence in self.occurrences.select_related("venue").order_by("start")
        ]


class FestivalPage(Routes, BasePage):
    """One edition of a festival, e.g. 2026北京科技周; its programme spans every section."""

    page_description = _("一届科技周或科普日：时间、主题、主会场，日程汇总各单位报来的活动。")

    dictionary_fields = ("title",)

    theme = models.CharField(_("主题"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), db_index=True)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    main_venue = models.ForeignKey(
        "events.Venue",
        verbose_name=_("主会场"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image = optional_image(_("主图"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("介绍"), blank=True)

    content_panels = BasePage.content_panels + [
        "theme",
        FieldRowPanel(["year", "start_date", "end_date"], heading=_("日期")),
        "main_venue",
        "image",
        "body",
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("theme"),
        index.SearchField("body"),
        index.RelatedFields("main_venue", [index.SearchField("name"), index.SearchField("address")]),
    ]
    api_fields = BasePage.api_fields + api_fields(
        "theme", "year", "start_date", "end_date", "main_venue", "body"
    )
    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("活动周（届）")
        verbose_name_plural = _("活动周（届）")

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})

    def programme(self):
        from .occurrences import Occurrence

        return Occurrence.objects.visible().filter(festival=self).for_listing()

    @path("")
    def programme_view(self, request):
        from events import views

        return views.festival_programme(request, self)

    @path("ical/")
    def feed(self, request):
        from events import feeds

        return feeds.festival_feed(request, self)


class EventPageTag(TaggedItemBase):
    content_object = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="tagged_items")


class DatedPage(Routes):
    """
    A page with its own schedule (events, lectures): its dates are the
    schedule's, as the "event" of the page, and ``ical/`` adds it to a calendar.
    """

    def dated_rows(self, window):
        return Schedule.schedule_rows(self, window)

    @path("ical/")
    def ics(self, request):
        from events import feeds

        return feeds.event_feed(request, self)


class EventPage(DatedPage, Schedule, CalendarEntry, BasePage):
    page_description = _("一场活动（可以重复举行）：时间、地点、适合人群、费用和报名方式，自动进入活动日历。")

    image = optional_image(_("图片"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)
    tags = ClusterTaggableManager(verbose_name=_("主题标签"), through=EventPageTag, blank=True)

    base_form_class = EventPageForm
    content_panels = (
        BasePage.content_panels
        + Schedule.schedule_panels
        + [InlinePanel("date_changes", heading=_("个别日期的变更"), label=_("日期变更"))]
        + [MultiFieldPanel(CalendarEntry.entry_panels, heading=_("参加信息")), "image", "body", "tags"]
    )
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.FilterField("start"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        # People search by place: 北京天文馆, 海淀区图书馆.
        index.RelatedFields("venue", [index.SearchField("name"), index.SearchField("address")]),
    ]
    api_fields = BasePage.api_fields + api_fields(
        "start",
        "end",
        "all_day",
        "venue",
        "repeat",
        "repeat_interval",
        "repeat_weekdays",
        "repeat_count",
        "repeat_until",
        "section",
        "festival",
        "audience",
        "is_free",
        "registration_url",
        "capacity",
        "accessibility_notes",
        "tags",
        "image",
        "body",
        "dates",
    )
    parent_page_types = ["events.EventIndexPage", "home.SectionPage"]
    subpage_types = []
    # Read with the page when it is served (home.routing).
    shown_with = ("venue", "image", "section", "festival")

    def pictures(self):
        # event_page.html
        return super().pictures() + [(self.image, "width-{400,800,1200} format-webp")]

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")

    def held_dates(self, limit=5):
        """
        The latest dates that are over, newest first: when and where it took place.
        An event older than the calendars' window has no rows left; its schedule says.
        """
        if self.pk is None:
            return []
        now = timezone.now()
        held = kept_with_page(
            self,
            f"event-held-{limit}",
            # Asked only when no date is to come: no more end until a publish.
            lambda: list(
                self.occurrences.filter(end__lte=now).select_related("venue").order_by("-start")[:limit]
            ),
        )
        if held or not self.start or self.start > now:
            return held
        rows = [
            row
            for row in self.schedule_rows((self.start - datetime.timedelta(days=1), now))
            if row.end <= now
        ]
        return [row.occurrence(self.pk, 0, self.last_published_at) for row in reversed(rows[-limit:])]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["upcoming_dates"] = list(self.upcoming_dates())
        context["held_dates"] = [] if context["upcoming_dates"] else self.held_dates()
        return context


class EventDateChange(Orderable, DateChange):
    page = ParentalKey("events.EventPage", on_delete=models.CASCADE, related_name="date_changes")

    class Meta(Orderable.Meta):
        verbose_name = _("日期变更")
        verbose_name_plural = _("日期变更")

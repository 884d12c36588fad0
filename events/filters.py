"""
The calendar's filters as one form over GET parameters, so every combination
is a shareable URL and the same parameters select the HTML calendar and its feed.
"""

import datetime
import functools
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from home.filters import FilterForm, SlugChoiceField
from home.models import SectionPage

from .models import District, EventPageTag, FestivalPage, Venue
from .models.pages import AUDIENCES
from .models.schedule import EARLIEST_YEAR, LATEST_YEAR, local_midnight, local_zone

MAX_RANGE_DAYS = 366
DEFAULT_LIST_DAYS = 90
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class CalendarFilterForm(FilterForm):
    view = forms.ChoiceField(
        label=_("显示方式"), required=False, choices=[("list", _("列表")), ("month", _("月历"))]
    )
    month = forms.CharField(
        label=_("月份"), required=False, max_length=7, widget=forms.TextInput(attrs={"type": "month"})
    )
    start = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label=_("结束日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    festival = SlugChoiceField(FestivalPage.objects.none(), label=_("活动周"), empty_label=_("全部"))
    section = SlugChoiceField(SectionPage.objects.none(), label=_("主办单位"), empty_label=_("全部"))
    venue = forms.ModelChoiceField(
        Venue.objects.all(), label=_("场馆"), required=False, empty_label=_("全部")
    )
    district = forms.ChoiceField(label=_("区"), required=False, choices=[("", _("全部"))] + District.choices)
    audience = forms.ChoiceField(label=_("适合人群"), required=False, choices=[("", _("全部"))] + AUDIENCES)
    cost = forms.ChoiceField(
        label=_("费用"), required=False, choices=[("", _("全部")), ("free", _("免费")), ("paid", _("收费"))]
    )
    registration = forms.ChoiceField(
        label=_("报名"),
        required=False,
        choices=[("", _("全部")), ("required", _("需报名")), ("none", _("无需报名"))],
    )
    tag = SlugChoiceField(Tag.objects.none(), label=_("主题"), empty_label=_("全部"))

    display_only = ("view", "month", "page")
    choices_key = ()  # every calendar lists the same festivals, sections, venues and tags

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for name, queryset in _choice_querysets().items():
            self.fields[name].queryset = queryset
        for name in ("festival", "section", "tag"):
            self.fields[name].error_messages["invalid_choice"] = _(
                "没有找到这个%(what)s，请从列表中选择。"
            ) % {"what": self.fields[name].label}

    def clean_month(self):
        value = self.cleaned_data.get("month")
        if not value:
            return None
        match = MONTH.match(value)
        if not match or not 1 <= int(match[2]) <= 12 or not EARLIEST_YEAR <= int(match[1]) <= LATEST_YEAR:
            raise ValidationError(_("月份的格式应为 2026-05，年份在 %(a)s–%(b)s 之间。") % _years())
        return datetime.date(int(match[1]), int(match[2]), 1)

    def _clean_day(self, name):
        value = self.cleaned_data.get(name)
        if value and not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
            raise ValidationError(_("请选择 %(a)s–%(b)s 年之间的日期。") % _years())
        return value

    def clean_start(self):
        return self._clean_day("start")

    def clean_end(self):
        return self._clean_day("end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if end and not start and not self.has_error("end"):
            start = today()  # the list starts today when only an end is given
        if start and end:
            if end < start:
                self.add_error("end", _("结束日期不能早于开始日期。"))
            elif (end - start).days > MAX_RANGE_DAYS:
                self.add_error(
                    "end", _("一次最多查看 %(days)s 天的活动，请缩小日期范围。") % {"days": MAX_RANGE_DAYS}
                )
        return data

    # Reading the valid form -----------------------------------------------------

    @property
    def is_month_view(self):
        return self.cleaned_data.get("view") == "month" or bool(self.cleaned_data.get("month"))

    def shown_month(self, today):
        return self.cleaned_data.get("month") or today.replace(day=1)

    def period(self, today):
        """[start, end) as aware datetimes for the list: the chosen dates, or the next 90 days."""
        start = self.cleaned_data.get("start") or today
        end = self.cleaned_data.get("end") or min(
            start + datetime.timedelta(days=DEFAULT_LIST_DAYS), datetime.date(LATEST_YEAR, 12, 31)
        )
        return local_midnight(start), local_midnight(end + datetime.timedelta(days=1))

    @property
    def has_date_range(self):
        return bool(self.cleaned_data.get("start") or self.cleaned_data.get("end"))

    def lookups(self):
        return {
            "festival": lambda dates, festival: dates.filter(festival=festival),
            "section": lambda dates, section: dates.filter(section=section),
            "venue": lambda dates, venue: dates.filter(venue=venue),
            "district": lambda dates, district: dates.filter(venue__district=district),
            "audience": lambda dates, audience: dates.filter(audience__contains=audience),
            "cost": lambda dates, cost: dates.filter(is_free=cost == "free"),
            "registration": lambda dates, wanted: dates.filter(needs_registration=wanted == "required"),
            "tag": lambda dates, tag: dates.filter(
                page_id__in=EventPageTag.objects.filter(tag=tag).values("content_object_id")
            ),
        }


@functools.cache
def _choice_querysets():
    """
    The festival, section and tag fields' querysets, built once (each field
    takes its own copy; none is ever read itself): building them took a third
    of an iCal feed's time, which has no page to draw.
    """
    return {
        "festival": FestivalPage.objects.live().public().order_by("-start_date"),
        "section": SectionPage.objects.live().public().order_by("kind", "title"),
        "tag": Tag.objects.filter(pk__in=EventPageTag.objects.values("tag_id").distinct()).order_by("name"),
    }


def _years():
    return {"a": EARLIEST_YEAR, "b": LATEST_YEAR}


def today():
    return timezone.localtime(timezone.now(), local_zone()).date()

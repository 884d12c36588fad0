"""The archive's filters (topic, speaker, year) as one form over GET parameters."""

import datetime

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from events.filters import SlugChoiceField
from events.models.schedule import local_midnight

from .models import LectureTag, Speaker


class LectureFilterForm(forms.Form):
    topic = SlugChoiceField(Tag.objects.none(), label=_("主题"), empty_label=_("全部主题"))
    speaker = forms.ModelChoiceField(
        Speaker.objects.none(), label=_("主讲人"), required=False, empty_label=_("全部主讲人")
    )
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, lectures, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["topic"].queryset = Tag.objects.filter(
            pk__in=LectureTag.objects.filter(content_object__in=lectures).values("tag_id")
        ).order_by("name")
        self.fields["speaker"].queryset = Speaker.objects.filter(
            pk__in=lectures.values("speaker_links__speaker")
        ).order_by("name")
        self.fields["topic"].error_messages["invalid_choice"] = _("没有这个主题的讲座，请从列表中选择。")
        self.fields["speaker"].error_messages["invalid_choice"] = _("没有这位主讲人的讲座，请从列表中选择。")
        years = sorted({start.year for start in lectures.datetimes("start", "year")}, reverse=True)
        self.fields["year"].choices = [("", _("全部年份"))] + [(year, f"{year}") for year in years]
        self.fields["year"].error_messages["invalid_choice"] = _("这一年没有讲座，请从列表中选择年份。")

    def apply(self, lectures):
        data = self.cleaned_data
        if data.get("topic"):
            lectures = lectures.filter(tagged_items__tag=data["topic"])
        if data.get("speaker"):
            lectures = lectures.filter(speaker_links__speaker=data["speaker"])
        if data.get("year"):
            year = data["year"]
            start, end = (
                local_midnight(datetime.date(year, 1, 1)),
                local_midnight(datetime.date(year + 1, 1, 1)),
            )
            lectures = lectures.filter(start__gte=start, start__lt=end)
        return lectures.distinct()

    def query_string(self):
        data = self.cleaned_data
        pairs = [
            ("topic", data["topic"].slug if data.get("topic") else ""),
            ("speaker", data["speaker"].pk if data.get("speaker") else ""),
            ("year", data.get("year") or ""),
        ]
        return urlencode([(name, value) for name, value in pairs if value])

    def active_filters(self):
        return [
            (self.fields[name].label, self.cleaned_data[name])
            for name in self.fields
            if self.cleaned_data.get(name)
        ]

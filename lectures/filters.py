"""The archive's filters (topic, speaker, year) as one form over GET parameters."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from events.models.schedule import local_midnight
from home import content_version
from home.filters import FilterForm, SlugChoiceField

from .models import LectureTag, Speaker


class LectureFilterForm(FilterForm):
    topic = SlugChoiceField(Tag.objects.none(), label=_("主题"), empty_label=_("全部主题"))
    speaker = forms.ModelChoiceField(
        Speaker.objects.none(), label=_("主讲人"), required=False, empty_label=_("全部主讲人")
    )
    year = forms.TypedChoiceField(label=_("年份"), required=False, coerce=int, empty_value=None)

    def __init__(self, data=None, *, lectures, lectures_of, **kwargs):
        """
        ``lectures``: the live lectures the archive shows; ``lectures_of``: whose
        they are (a series' pk). A series' topics, speakers and years are its
        lectures', so the options are kept under it until the next publish.
        """
        super().__init__(data, **kwargs)
        self.choices_key = ("lectures-of", lectures_of)

        def querysets():
            # Built once until a publish (each field takes its own copy; neither is read
            # itself): building them was a fifth of the archive's time.
            topics = Tag.objects.filter(
                pk__in=LectureTag.objects.filter(content_object__in=lectures).values("tag_id")
            )
            speakers = Speaker.objects.filter(pk__in=lectures.values("speaker_links__speaker"))
            return topics.order_by("name"), speakers.order_by("name")

        topics, speakers = content_version.kept(("lecture-filter-querysets", lectures_of), querysets)
        self.fields["topic"].queryset, self.fields["speaker"].queryset = topics, speakers
        self.fields["topic"].error_messages["invalid_choice"] = _("没有这个主题的讲座，请从列表中选择。")
        self.fields["speaker"].error_messages["invalid_choice"] = _("没有这位主讲人的讲座，请从列表中选择。")
        years = content_version.kept(
            ("lecture-years", lectures_of),
            lambda: sorted({start.year for start in lectures.datetimes("start", "year")}, reverse=True),
        )
        self.fields["year"].choices = [("", _("全部年份"))] + [(year, f"{year}") for year in years]
        self.fields["year"].error_messages["invalid_choice"] = _("这一年没有讲座，请从列表中选择年份。")

    def lookups(self):
        return {
            "topic": lambda lectures, topic: lectures.filter(tagged_items__tag=topic),
            "speaker": lambda lectures, speaker: lectures.filter(speaker_links__speaker=speaker),
            "year": lambda lectures, year: lectures.filter(
                start__gte=local_midnight(datetime.date(year, 1, 1)),
                start__lt=local_midnight(datetime.date(year + 1, 1, 1)),
            ),
        }

    def apply(self, lectures):
        return super().apply(lectures).distinct()

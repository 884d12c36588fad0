"""
GET filters of the article and clarification indexes (and their feeds).

Unknown or malformed values are form errors: the index pages show them as a
message with status 400, the feeds answer 404. Nothing reaches the database
unchecked, so no value can cause a 500.
"""

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from home.models import SectionPage

from .models import Incident, Verdict


class FilterForm(forms.Form):
    def active_filters(self):
        """(label, value) pairs of the filters in use, for headings and feed titles."""
        return [
            (self.fields[name].label, value)
            for name, value in self.cleaned_data.items()
            if value not in (None, "")
        ]

    def query_string(self):
        """The filters as a query string, so feed links keep the listing's filters."""
        if not self.is_valid():
            return ""
        return urlencode({name: value for name, value in self.data.items() if name in self.fields and value})


class ArticleFilterForm(FilterForm):
    topic = forms.ModelChoiceField(
        label=_("主题"),
        queryset=Tag.objects.filter(articles_articletag_items__isnull=False).distinct().order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label=_("全部主题"),
        error_messages={"invalid_choice": _("没有这个主题的文章。")},
    )
    section = forms.ModelChoiceField(
        label=_("栏目"),
        queryset=SectionPage.objects.live().order_by("kind", "title"),
        to_field_name="slug",
        required=False,
        empty_label=_("全部栏目"),
        error_messages={"invalid_choice": _("没有找到这个栏目。")},
    )

    def apply(self, articles):
        if topic := self.cleaned_data.get("topic"):
            articles = articles.filter(tagged_items__tag=topic)
        if section := self.cleaned_data.get("section"):
            articles = articles.filter(section=section)
        return articles


class ClarificationFilterForm(FilterForm):
    incident = forms.ModelChoiceField(
        label=_("事件"),
        queryset=Incident.objects.filter(clarifications__live=True).distinct().order_by("-start_date"),
        required=False,
        empty_label=_("全部事件"),
        error_messages={"invalid_choice": _("没有找到这个事件。")},
    )
    verdict = forms.ChoiceField(
        label=_("结论"),
        choices=[("", _("全部结论")), *Verdict.choices],
        required=False,
        error_messages={"invalid_choice": _("结论只能是：谣言、误导、尚无定论、属实但需说明。")},
    )

    def apply(self, clarifications):
        if incident := self.cleaned_data.get("incident"):
            clarifications = clarifications.filter(incident=incident)
        if verdict := self.cleaned_data.get("verdict"):
            clarifications = clarifications.filter(verdict=verdict)
        return clarifications

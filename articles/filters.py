"""
GET filters of the article and clarification indexes (and their feeds).

Unknown or malformed values are form errors: the index pages show them as a
message with status 400, the feeds answer 404. Nothing reaches the database
unchecked, so no value can cause a 500.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from home.filters import FilterForm
from home.models import SectionPage

from .models import Incident, Verdict


class ArticleFilterForm(FilterForm):
    choices_key = ()  # every article listing offers the same topics and sections
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

    def lookups(self):
        return {
            "topic": lambda articles, topic: articles.filter(tagged_items__tag=topic),
            "section": lambda articles, section: articles.filter(section=section),
        }


class ClarificationFilterForm(FilterForm):
    choices_key = ()
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

    def lookups(self):
        return {
            "incident": lambda clarifications, incident: clarifications.filter(incident=incident),
            "verdict": lambda clarifications, verdict: clarifications.filter(verdict=verdict),
        }

"""
One shape for every listing's GET filters (the calendar, articles,
clarifications, lectures, search): a form over the query string, so every
combination is a shareable URL and the same parameters select a page and its
feeds.

A subclass declares its fields and a ``lookups`` map from field name to
``(queryset, value) -> queryset``; this base applies them, says what is
shown in words people read (choice labels, never raw codes), and rebuilds the
query string for feed links and pagination. Values nobody could type (NUL
bytes, other control characters) are refused for every field alike, before
anything reaches the database.
"""

import functools
import re

from django import forms
from django.core.exceptions import EmptyResultSet
from django.forms.utils import ErrorDict, flatatt
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import content_version

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class SlugChoiceField(forms.ModelChoiceField):
    """A choice named by slug in the URL."""

    def __init__(self, queryset, **kwargs):
        super().__init__(queryset, to_field_name="slug", required=False, **kwargs)


class OneTemplateSelect(forms.Select):
    """
    The same <select> as Django's, built in one pass: Django draws every
    <option> through a template include of its own, which was a third of the
    calendar's render once its filters listed every festival, section, venue
    and tag.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                "<option{}>{}</option>",
                (
                    (flatatt({"value": str(option["value"]), **option["attrs"]}), option["label"])
                    for option in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, html) if group_name else html
            )
        return format_html(
            "<select{}>{}</select>",
            flatatt({"name": widget["name"], **widget["attrs"]}),
            mark_safe("".join(groups)),
        )


class KeptChoices(forms.models.ModelChoiceIterator):
    """
    A filter's options from the database (festivals, sections, venues, tags,
    speakers), read once per content version in each process instead of on every
    listing page: only a publish or an edited record changes them.
    """

    def __iter__(self):
        query = self.field.kept_as()
        if query is None:
            try:
                query = str(self.queryset.query)  # compiling the SQL costs about a millisecond
            except EmptyResultSet:
                yield from super().__iter__()
                return
        key = ("filter-choices", type(self.field).__name__, self.field.to_field_name, get_language(), query)
        yield from content_version.kept(key, lambda: list(forms.models.ModelChoiceIterator.__iter__(self)))

    def __len__(self):
        return sum(1 for _choice in self)

    def __bool__(self):
        return any(True for _choice in self)


class FilterForm(forms.Form):
    # Parameters that choose how to show a listing rather than what is in it.
    display_only = ("page",)
    # What the choice fields' querysets depend on besides published content: () when
    # nothing, so KeptChoices finds their options without compiling their SQL; None
    # (unknown) keys them by their SQL.
    choices_key = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if type(field.widget) is forms.Select:
                field.widget.__class__ = OneTemplateSelect
            if isinstance(field, forms.ModelChoiceField):
                # Before the subclass gives it its queryset, whose setter reads the choices.
                field.iterator = KeptChoices
                field.kept_as = functools.partial(self._kept_as, name)
                # A queryset given where the field is declared already drew the
                # widget's options with Django's iterator: a query on every render.
                field.widget.choices = field.choices

    def _kept_as(self, name):
        return None if self.choices_key is None else (type(self).__qualname__, name, self.choices_key)

    def drawn_as(self):
        """
        What the drawn fields depend on besides the language and the content
        version: the values chosen (None for an unbound form), when the form is
        valid and its options come from published content only; None when they
        cannot be kept.
        """
        if self.choices_key is None or (self.is_bound and not self.is_valid()):
            return None
        read = self.data.getlist if hasattr(self.data, "getlist") else lambda name: [self.data.get(name)]
        values = tuple((name, tuple(read(name))) for name in self.fields) if self.is_bound else None
        return (type(self).__qualname__, self.choices_key, self.prefix, self.auto_id, values)

    def lookups(self):
        """{field name: (queryset, cleaned value) -> filtered queryset}."""
        return {}

    def full_clean(self):
        # Before any field looks its value up: PostgreSQL refuses a NUL byte with an error, not a miss.
        refused = self.refused_parameter()
        if refused is None:
            return super().full_clean()
        self._errors = ErrorDict()
        self.cleaned_data = {}
        self.add_error(None, _("网址参数“%(name)s”含有不允许的字符。") % {"name": refused})

    def refused_parameter(self):
        if not self.is_bound:
            return None
        pairs = self.data.lists() if hasattr(self.data, "lists") else ((k, [v]) for k, v in self.data.items())
        for name, values in pairs:
            if any(CONTROL_CHARACTERS.search(f"{name}{value}") for value in values):
                return CONTROL_CHARACTERS.sub("", name)[:40]
        return None

    def apply(self, queryset):
        for name, lookup in self.lookups().items():
            value = self.cleaned_data.get(name)
            if value not in (None, "", [], ()):
                queryset = lookup(queryset, value)
        return queryset

    def query_string(self, **overrides):
        """The filters as a URL query (without display-only parameters unless overridden)."""
        if not self.is_valid():
            return ""
        params = {
            name: value
            for name, value in self.data.items()
            if name in self.fields and name not in self.display_only and value
        }
        params.update({name: value for name, value in overrides.items() if value})
        return urlencode(sorted(params.items()))

    def active_filters(self):
        """(label, value as people read it) of each filter in use, for headings and feed titles."""
        return [
            (self.fields[name].label, display_value(self.fields[name], value))
            for name, value in self.cleaned_data.items()
            if value not in (None, "", [], ()) and name not in self.display_only
        ]

    def drop_invalid(self):
        """
        For listings that forgive: drop every parameter the form refused, keep the
        rest, and return what was dropped as messages for the page to show.
        """
        if self.is_valid():
            return []
        notes = [str(message) for messages in self.errors.values() for message in messages]
        data = self.data.copy()
        for name in list(self.errors):
            data.pop(name, None)
        if "__all__" in self.errors:
            data = data.__class__()
        self.data = data
        self._errors = None
        self.full_clean()
        return notes


def display_value(field, value):
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)

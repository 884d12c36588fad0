"""A multiple choice stored as comma-separated codes in one indexed column."""

from django import forms
from django.db import models
from django.utils.text import capfirst


class MultipleChoiceCharField(models.CharField):
    """
    Audiences and weekdays are a handful of fixed codes. Keeping them in one
    column ("children,families") lets the calendar filter with a plain
    ``contains`` on every database, without a join table per choice list (no
    code is part of another, so a substring match is an exact one).
    """

    def __init__(self, *args, options=(), **kwargs):
        self.options = list(options)
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["options"] = self.options
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        defaults = {
            "required": not self.blank,
            "label": capfirst(self.verbose_name),
            "help_text": self.help_text,
            "choices": self.options,
        }
        defaults.update({k: v for k, v in kwargs.items() if k in {"label", "help_text", "required"}})
        return MultipleChoiceCodesField(**defaults)


class MultipleChoiceCodesField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def prepare_value(self, value):
        if isinstance(value, str):
            return [code for code in value.split(",") if code]
        return value

    def to_python(self, value):
        return super().to_python(self.prepare_value(value))

    def clean(self, value):
        codes = super().clean(value)
        order = [code for code, _label in self.choices]
        return ",".join(sorted(codes, key=order.index))

    def has_changed(self, initial, data):
        return self.prepare_value(initial or "") != (self.prepare_value(data) or [])


def split_codes(value):
    return [code for code in (value or "").split(",") if code]


def optional_image(verbose_name):
    """An optional image of a dated page (festival, event, tour), kept when the image is deleted."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

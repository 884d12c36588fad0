"""The filters' <select>s are Django's, drawn in one pass instead of one template per option."""

from django import forms
from django.test import SimpleTestCase

from events.filters import CalendarFilterForm
from events.models import Venue
from home.filters import OneTemplateSelect


def test_every_select_is_what_django_would_draw(haidian):
    Venue.objects.create(name="北京天文馆 <主馆>", address="西城区", district="xicheng")
    Venue.objects.create(name="海淀区图书馆", address="海淀区", district="haidian")
    form = CalendarFilterForm({"district": "haidian", "cost": "free", "section": "haidian"})
    selects = [field for field in form if isinstance(field.field.widget, forms.Select)]
    assert {field.name for field in selects} >= {"festival", "section", "venue", "district", "cost", "tag"}
    for field in selects:
        assert type(field.field.widget) is OneTemplateSelect, field.name
        attrs = field.build_widget_attrs({"id": field.auto_id})
        django_html = forms.Select.render(field.field.widget, field.html_name, field.value(), attrs=attrs)
        SimpleTestCase().assertHTMLEqual(str(field), django_html)
    assert "北京天文馆 &lt;主馆&gt;" in str(form["venue"])
    assert '<option value="haidian" selected>' in str(form["district"])

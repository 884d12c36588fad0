"""A venue's district name, looked up once per venue (it was the festival page's slowest part)."""

from django.utils import translation

from events.models import District, Venue


def test_district_label_is_the_translated_district_name():
    for code, _label in District.choices:
        venue = Venue(name="x", address="y", district=code)
        with translation.override("zh-hans"):
            assert venue.district_label == venue.get_district_display()
    assert Venue(name="x", address="y", district="nowhere").district_label == "nowhere"

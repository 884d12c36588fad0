"""Dates read as people say them: the year only when it is not this year, one day said once."""

import datetime
from unittest import mock

from home.templatetags.dates import day, day_range

TODAY = datetime.date(2026, 11, 30)


def _on(today):
    return mock.patch("home.templatetags.dates.timezone.localdate", return_value=today)


def test_this_years_dates_leave_the_year_out_and_other_years_show_it():
    with _on(TODAY):
        assert day(datetime.date(2026, 12, 19)) == "12月19日"
        assert day(datetime.date(2027, 1, 5)) == "2027年1月5日"
        assert day(datetime.date(2025, 5, 20)) == "2025年5月20日"


def test_a_datetime_is_read_in_beijing():
    late_utc = datetime.datetime(2026, 12, 18, 17, 30, tzinfo=datetime.UTC)  # 01:30 on the 19th in Beijing
    with _on(TODAY):
        assert day(late_utc) == "12月19日"


def test_ranges_say_one_day_once_and_carry_the_year_across_new_year():
    with _on(TODAY):
        same = datetime.date(2026, 12, 19)
        assert day_range(same, same) == "12月19日"
        assert day_range(same, datetime.date(2026, 12, 25)) == "12月19日至12月25日"
        assert (
            day_range(datetime.date(2026, 12, 28), datetime.date(2027, 1, 3))
            == "2026年12月28日至2027年1月3日"
        )

"""
The shapes the apps read dates and venues in (events.api, and the v3 API's
event, lecture and tour details): Beijing times with +08:00, all-day dates as
plain local dates, venues inline. No model imports, so models can type their
API fields with these.
"""

import datetime

from django.utils import timezone
from ninja import Schema
from pydantic import Field


def local_zone():
    return timezone.get_default_timezone()  # Asia/Shanghai


class VenueOut(Schema):
    id: int
    name: str
    address: str
    district: str
    district_label: str
    latitude: float | None
    longitude: float | None


class DateOut(Schema):
    start: datetime.datetime | datetime.date = Field(description="+08:00 时间；全天活动为当地日期")
    end: datetime.datetime | datetime.date = Field(description="全天活动为最后一天（含）")
    all_day: bool
    status: str
    status_label: str
    original_start: datetime.datetime | datetime.date | None
    venue: VenueOut | None
    online_url: str | None
    note: str


def venue_out(venue):
    if venue is None:
        return None
    return {
        "id": venue.pk,
        "name": venue.name,
        "address": venue.address,
        "district": venue.district,
        "district_label": str(venue.district_label),
        "latitude": float(venue.latitude) if venue.latitude is not None else None,
        "longitude": float(venue.longitude) if venue.longitude is not None else None,
    }


def _moment(occurrence, value):
    if value is None:
        return None
    local = timezone.localtime(value, local_zone())
    return local.date() if occurrence.all_day else local


def date_out(occurrence):
    """One date as apps read it: local times, all-day as dates, the venue inline."""
    end = occurrence.last_day if occurrence.all_day else timezone.localtime(occurrence.end, local_zone())
    return {
        "start": _moment(occurrence, occurrence.start),
        "end": end,
        "all_day": occurrence.all_day,
        "status": occurrence.status,
        "status_label": str(occurrence.get_status_display()),
        "original_start": _moment(occurrence, occurrence.original_start),
        "venue": venue_out(occurrence.venue),
        "online_url": occurrence.online_url or None,
        "note": occurrence.note,
    }

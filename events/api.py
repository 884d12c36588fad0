"""
The calendars for the mobile app and the TV channel: ``/api/v3/occurrences/``
answers "what's on between these dates" from the Occurrence table with the
calendar's own filters (the same CalendarFilterForm as /calendar/), each date
with its venue inline; and the shapes event, lecture and tour details share.

Times are Beijing time with their +08:00 offset; all-day dates are plain
local dates (a tour stop on 10-12 is "2026-10-12", never 10-11T16:00Z).
"""

import copy
import datetime
from typing import Literal

from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from home import live_figures
from home.content_version import LISTING_PAGES, kept
from home.fragments import Drawable, drawn_once

from . import seats
from .filters import CalendarFilterForm, today
from .models import EventPage, Occurrence, TourPage
from .shapes import DateOut, date_out

router = Router(tags=["occurrences"])

MAX_LIMIT = 200
TYPES = {"event": EventPage, "tour": TourPage}


class SectionOut(Schema):
    slug: str
    title: str


class OccurrenceOut(DateOut):
    page_id: int
    title: str
    url: str
    type: str = Field(description="页面类型，例如 events.EventPage、lectures.LecturePage、events.TourPage")
    section: SectionOut | None
    festival: str | None
    is_free: bool
    needs_registration: bool
    signup_state: Literal["open", "full", "not-open", "closed", "cancelled"] | None = Field(
        None,
        description="在本平台报名的场次：open 可报名、full 已满可候补、not-open 未开放、closed 已截止、"
        "cancelled 本场取消或延期；其他为 null",
    )
    seats_left: int | None = Field(None, description="剩余名额（请求时的数字）；不在本平台报名为 null")
    signup_url: str | None = Field(None, description="本平台的报名页面")


class OccurrencePage(Schema):
    total_count: int
    items: list[OccurrenceOut]


def occurrence_out(occurrence, request):
    page = occurrence.page
    return {
        **date_out(occurrence),
        "page_id": page.pk,
        "title": page.title,
        "url": request.build_absolute_uri(page.get_url(request) or ""),
        "type": _type_label(page),
        "section": {"slug": occurrence.organiser_slug, "title": occurrence.organiser}
        if occurrence.section_id
        else None,
        "festival": occurrence.festival_title,
        "is_free": occurrence.is_free,
        "needs_registration": occurrence.needs_registration,
    }


def _seats_out(seats, request):
    if seats is None:
        return {}
    return {
        "signup_state": seats.state,
        "seats_left": seats.left,
        "signup_url": request.build_absolute_uri(seats.url),
    }


def _type_label(page):
    content_type = ContentType.objects.get_for_id(page.content_type_id)  # kept by Django after the first
    return f"{content_type.app_label}.{content_type.model_class().__name__}"


class OccurrenceQuery(Schema):
    start: datetime.date | None = Field(None, description="开始日期（含），默认今天")
    end: datetime.date | None = Field(None, description="结束日期（含），默认开始后 90 天；最多 366 天")
    district: str | None = Field(None, description="区，例如 haidian")
    section: str | None = Field(None, description="主办栏目的短名称，例如 haidian")
    venue: int | None = None
    festival: str | None = Field(None, description="活动周的短名称，例如 science-week-2026")
    audience: str | None = Field(None, description="children / students / families / seniors / professionals")
    tag: str | None = None
    type: Literal["event", "lecture", "tour"] | None = None
    free: bool | None = Field(None, description="只看免费（true）或收费（false）")
    registration: bool | None = Field(None, description="只看需报名（true）或无需报名（false）")
    limit: int = Field(50, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=100_000)


@router.get(
    "/",
    response=OccurrencePage,
    url_name="occurrences",
    summary="What's on between two dates",
    operation_id="occurrences_list",
    auth=None,
)
def occurrences(request: HttpRequest, query: Query[OccurrenceQuery]):
    form_data = {
        name: value
        for name, value in {
            "start": query.start.isoformat() if query.start else "",
            "end": query.end.isoformat() if query.end else "",
            "district": query.district or "",
            "section": query.section or "",
            "venue": query.venue or "",
            "festival": query.festival or "",
            "audience": query.audience or "",
            "tag": query.tag or "",
            "cost": {True: "free", False: "paid", None: ""}[query.free],
            "registration": {True: "required", False: "none", None: ""}[query.registration],
        }.items()
        if value != ""
    }
    form = CalendarFilterForm(form_data)
    if not form.is_valid():
        messages = "；".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        raise HttpError(400, messages)
    start, end = form.period(today())
    dates = form.apply(Occurrence.objects.visible()).between(start, end)
    if query.type == "lecture":
        from lectures.models import LecturePage

        dates = dates.filter(page__content_type__model=LecturePage._meta.model_name)
    elif query.type:
        dates = dates.filter(page__content_type__model=TYPES[query.type]._meta.model_name)
    key = ("api-occurrences", form.query_string(), query.type, query.offset, query.limit, today())
    total, listed = kept(
        key,
        lambda: (dates.count(), Drawable(dates.for_listing()[query.offset : query.offset + query.limit])),
        most=LISTING_PAGES,
    )
    # What each date says but its seats, worked out once per kept answer, language
    # and address (its links are absolute): half the answer's time went there.
    described = drawn_once(
        listed,
        lambda: [occurrence_out(row, request) for row in listed],
        "api",
        request.build_absolute_uri("/"),
    )
    # Seats are read fresh for each answer, onto copies: the kept rows are shared.
    rows = seats.attach(copy.copy(row) if row.takes_signups else row for row in listed)
    if seats.any_taking(rows):
        # Seats left are read now: the page cache keeps this answer only until they change.
        live_figures.shown(request)
    items = [
        {**item, **_seats_out(getattr(row, "seats", None), request)}
        for item, row in zip(described, rows, strict=True)
    ]
    return {"total_count": total, "items": items}

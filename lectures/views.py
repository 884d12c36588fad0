"""The series page's archive and upcoming lectures, speaker pages, and caption files."""

from django.core.paginator import Paginator
from django.db.models import Min, Q
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from events.feeds import ical_response
from events.models import Occurrence, Status
from home.content_version import LISTING_PAGES, kept
from home.fragments import Drawable

from . import feeds
from .filters import LectureFilterForm
from .models import LecturePage, Speaker

PER_PAGE = 12
UPCOMING = 20


def past(lectures):
    """
    Lectures that have taken place: over by their published dates (a lecture
    postponed to next month is not), and not called off unless a recording exists.
    """
    now = timezone.now()
    called_off = Q(occurrences__status__in=[Status.CANCELLED, Status.POSTPONED], video__isnull=True)
    # exclude() over a relation is a subquery, so no row comes twice and no DISTINCT is needed.
    return lectures.filter(end__lt=now).exclude(occurrences__end__gte=now).exclude(called_off)


def next_over(lectures):
    """When the next of these lectures is over (and joins the archive), or None when none is to come."""
    now = timezone.now()
    ends = (
        lectures.filter(end__gte=now).aggregate(end=Min("end"))["end"],
        Occurrence.objects.filter(page__in=lectures, end__gte=now).aggregate(end=Min("end"))["end"],
    )
    return min(filter(None, ends), default=None)


def upcoming_dates(lectures, key):
    """
    The next dates of these lectures, with postponements and moves, from the
    calendars' table; kept under ``key`` until a publish or the first of them ends.
    """

    def upcoming():
        occurrences = Occurrence.objects.visible().filter(page__in=lectures, end__gt=timezone.now())
        return Drawable(occurrences.for_listing()[:UPCOMING])

    return kept(("lectures-upcoming", key), upcoming, until=Occurrence.first_end)


def archive_page(request, lectures, key, form=None):
    """
    One page of the past lectures, newest first, as cards. Which lectures are
    past, with the filters applied, is kept under ``key`` until a publish or
    until the next lecture is over, and a page's cards until a publish.
    """

    def archived():
        archive = past(lectures)
        if form is not None:
            archive = form.apply(archive)
        return list(archive.order_by("-start").values_list("pk", flat=True))

    ids = kept(
        ("lecture-archive", key, form.query_string() if form else ""),
        archived,
        until=lambda _ids: next_over(lectures),
        most=LISTING_PAGES,  # per filter: their values come from visitors
    )
    page = Paginator(ids, PER_PAGE).get_page(request.GET.get("page"))
    shown = tuple(page.object_list)

    def cards():
        found = LecturePage.for_cards(LecturePage.objects.filter(pk__in=shown)).in_bulk()
        return Drawable(found[pk] for pk in shown if pk in found)

    page.object_list = kept(("lecture-cards", shown), cards, most=LISTING_PAGES)
    return page


def series(request, series):
    lectures = series.lectures()
    form = LectureFilterForm(request.GET or None, lectures=lectures, lectures_of=series.pk)
    context = {"form": form, "feeds": feeds.series_feed_links(series)}
    if form.is_bound and not form.is_valid():
        response = series.render(request, context_overrides=context)
        response.status_code = 400
        return response
    if form.is_bound:
        context["filter_query"] = form.query_string()
        context["active_filters"] = form.active_filters()
    key = ("series", series.pk)
    context["upcoming"] = upcoming_dates(lectures, key)
    context["page_obj"] = archive_page(request, lectures, key, form if form.is_bound else None)
    return series.render(request, context_overrides=context)


def series_ical(request, series):
    occurrences = Occurrence.objects.visible().filter(page__in=series.lectures())
    return ical_response(request, occurrences, name=series.title, variant=f"series-{series.pk}")


def public_speaker(speaker_id):
    """A speaker with at least one published lecture; others (a draft's speaker) are nobody's business yet."""
    speaker = Speaker.objects.select_related("photo").filter(pk=speaker_id).first()
    if speaker is None or not speaker.lectures().exists():
        raise Http404(_("没有这位主讲人的讲座。"))
    return speaker


def speaker(request, series, speaker_id):
    speaker = public_speaker(speaker_id)
    lectures = speaker.lectures()
    key = ("speaker", speaker.pk)
    context = {
        "speaker": speaker,
        "canonical_url": request.build_absolute_uri(series.route_url("speaker", speaker.pk)),
        "upcoming": upcoming_dates(lectures, key),
        "page_obj": archive_page(request, lectures, key),
        "feeds": feeds.speaker_feed_links(series, speaker),
        "ical_url": series.route_url("speaker_ical", speaker.pk),
    }
    return series.render(request, template="lectures/speaker_page.html", context_overrides=context)


def speaker_ical(request, series, speaker_id):
    speaker = public_speaker(speaker_id)
    occurrences = Occurrence.objects.visible().filter(page__in=speaker.lectures())
    return ical_response(request, occurrences, name=f"{speaker.name}的讲座", variant=f"speaker-{speaker.pk}")


def caption_file(request, lecture, language):
    """A live lecture's caption track as text/vtt, for <track> and the TV channel."""
    track = next((track for track in lecture.caption_tracks if track.language == language), None)
    try:
        if track is None:
            raise OSError
        with track.document.file.open("rb") as file:
            body = file.read()
    except OSError:
        raise Http404(_("这场讲座没有这种语言的字幕。")) from None
    response = HttpResponse(body, content_type="text/vtt; charset=utf-8")
    # Captions are as public as the lecture; TV and app players fetch them from their own origins.
    response["Access-Control-Allow-Origin"] = "*"
    return response

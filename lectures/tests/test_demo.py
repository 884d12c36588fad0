"""The demo 首都科学讲堂: a year of lectures, the future ones in the calendars, recordings with captions."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from events.models import Occurrence
from lectures.models import LecturePage, LectureSeriesPage, LectureVideo
from lectures.probe import probe


@pytest.mark.django_db
def test_demo_series_has_a_year_of_lectures_with_recordings_and_loads_twice(demo_site, client, settings):
    series = LectureSeriesPage.objects.get(title="首都科学讲堂")
    assert series.url == "/lectures/" and series.show_in_menus
    lectures = series.lectures().order_by("start")
    assert lectures.count() >= 10
    assert (lectures.last().start - lectures.first().start).days >= 365

    now = timezone.now()
    future = lectures.filter(start__gt=now)
    assert future.count() >= 3
    assert Occurrence.objects.filter(page__in=future).count() == future.count()
    calendar = client.get("/calendar/").content.decode()
    assert future.first().title in calendar

    recorded = lectures.filter(end__lt=now, video__isnull=False)
    assert recorded.count() >= 3
    for lecture in recorded:
        with lecture.video.file.open("rb") as file:
            facts = probe(file, "video", "mp4")
        assert facts.duration == lecture.video.duration > 0
        assert lecture.video.file.size < 400 * 1024
        assert lecture.caption_tracks[0].language == "zh-Hans"
        assert lecture.transcript_cues and all(cue["text"] for cue in lecture.transcript_cues)
        assert client.get(lecture.url).status_code == 200

    assert LecturePage.objects.live().filter(section__slug="haidian").exists()

    before = (LecturePage.objects.count(), LectureVideo.objects.count())
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert (LecturePage.objects.count(), LectureVideo.objects.count()) == before

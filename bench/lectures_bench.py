"""
Lecture pages and video feeds with a long archive: the series page (upcoming and
a filtered archive), a lecture page with player and transcript, a speaker page,
and the Media RSS and JSON feeds the TV channel and the app poll.

Builds the data once in its own database (a SQLite file under /tmp, or the
PostgreSQL database in BENCH_DATABASE_URL): the demo site plus ``--lectures``
past lectures, each with its own copy of the sample recording, Chinese captions
of ``--cues`` lines and two speakers, published through Wagtail. Prints median /
95th percentile and query counts; asserts nothing about time.

    .venv/bin/python bench/lectures_bench.py [--lectures 300] [--cues 600] [--runs 15]
"""

import argparse
import datetime
import io
import time

from harness import measure, setup_django

setup_django("sqlite:////tmp/kepu-bench-lectures.sqlite3")
MEDIA_ROOT = "/tmp/kepu-bench-lectures-media"  # beside the database, so a second run finds the files

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from lectures.models import LecturePage, LectureSeriesPage, Speaker  # noqa: E402
from lectures.tests.fixtures import make_captions, make_lecture, make_video  # noqa: E402

PREFIX = "基准讲座"


def build(lectures, cues):
    settings.MEDIA_ROOT = MEDIA_ROOT
    settings.DEBUG = True
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    series = LectureSeriesPage.objects.get(title="首都科学讲堂")
    existing = LecturePage.objects.filter(title__startswith=PREFIX).count()
    if existing >= lectures:
        return series
    speakers = list(Speaker.objects.order_by("pk"))
    lines = [f"第{n}句：科学素质是公民素质的重要组成部分，讲座内容第{n}段。" for n in range(cues)]
    start = time.perf_counter()
    for n in range(existing, lectures):
        lecture = make_lecture(
            series,
            f"{PREFIX}{n:04d}",
            timezone.now() - datetime.timedelta(days=7 * (n + 1)),
            speakers=[speakers[n % len(speakers)], speakers[(n + 1) % len(speakers)]],
            video=make_video(f"{PREFIX}{n:04d} 录像"),
            captions=[("zh-Hans", make_captions(f"{PREFIX}{n:04d} 字幕", lines))],
        )
        lecture.tags.add(["天文", "健康", "人工智能", "防震减灾"][n % 4])
        lecture.save_revision().publish()
    print(f"published {lectures - existing} recorded lectures in {time.perf_counter() - start:.0f}s")
    return series


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lectures", type=int, default=300)
    parser.add_argument("--cues", type=int, default=600)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    series = build(args.lectures, args.cues)
    lecture = LecturePage.objects.filter(title__startswith=PREFIX).order_by("pk").first()
    speaker = lecture.speakers[0]
    print(
        f"database: {connection.vendor}; lectures: {LecturePage.objects.count()}; "
        f"transcript lines on one page: {len(lecture.transcript_cues)}"
    )
    print(f"{'view':<40}{'median ms':>10}{'p95 ms':>10}{'queries':>9}{'kB':>8}")
    client = Client()
    for name, url in [
        ("series page (upcoming + archive p1)", series.url),
        (
            "series archive, topic + year",
            f"{series.url}?topic={lecture.tags.get().slug}&year={lecture.local_start.year}",
        ),
        ("series archive, page 10", f"{series.url}?page=10"),
        ("lecture page (player + transcript)", lecture.url),
        ("speaker page", f"{series.url}speakers/{speaker.pk}/"),
        ("Media RSS (50 newest)", f"{series.url}feed/media-rss/"),
        ("JSON Feed (50 newest)", f"{series.url}feed/json/"),
        ("speaker Media RSS", f"{series.url}speakers/{speaker.pk}/feed/media-rss/"),
        ("series iCal", f"{series.url}ical/"),
        ("captions (text/vtt)", f"{lecture.url}captions/zh-Hans/"),
    ]:
        timing = measure(client, url, args.runs)
        print(
            f"{name:<40}{timing.median:>10.1f}{timing.p95:>10.1f}{timing.queries:>9}{timing.size / 1024:>8.0f}"
        )


if __name__ == "__main__":
    main()

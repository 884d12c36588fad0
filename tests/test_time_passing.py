"""
Lists kept between publishes (home.content_version.kept) that the clock
changes with nobody publishing: the home page's next dates lose a date when it
ends, and a lecture joins the archive once it is over. A visitor sees the
list, time passes, the visitor looks again.
"""

import datetime
import re

from django.utils import timezone

from events.tests.fixtures import add_event, soon
from lectures.tests.fixtures import make_lecture, make_video


def section_of(html, heading_id):
    """The text of the home page's <section> labelled by ``heading_id``."""
    return html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def later(monkeypatch, moment):
    monkeypatch.setattr(timezone, "now", lambda: moment)


def test_the_home_page_drops_a_date_when_it_ends_and_shows_the_next(
    client, home, calendar, haidian, science_centre, monkeypatch
):
    talks = [add_event(haidian, f"科普讲座{n}", soon(n + 1, 19), venue=science_centre) for n in range(7)]
    shown = section_of(client.get("/").content.decode(), "upcoming-heading")
    assert "科普讲座0" in shown and "科普讲座6" not in shown, "six dates, soonest first"
    assert section_of(client.get("/").content.decode(), "upcoming-heading") == shown

    later(monkeypatch, talks[0].end + datetime.timedelta(minutes=1))
    shown = section_of(client.get("/").content.decode(), "upcoming-heading")
    assert "科普讲座0" not in shown, "over: gone without anyone publishing"
    assert "科普讲座6" in shown, "and the seventh moves up"


def archive_titles(client, path):
    html = client.get(path).content.decode()
    upcoming, archive = re.split(r'id="(?:archive|past)-heading"', html, maxsplit=1)
    count = re.search(r'<span class="count">(\d+)</span>', archive)
    titles = re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', archive)
    return upcoming, titles, int(count.group(1)) if count else None


def test_a_lecture_joins_the_archive_once_it_is_over(client, series, speaker, recorded_lecture, monkeypatch):
    start = timezone.now() + datetime.timedelta(days=1)
    tonight = make_lecture(series, "冬至天文夜", start, speakers=[speaker])
    speaker_page = series.url + f"speakers/{speaker.pk}/"
    for path in (series.url, speaker_page, series.url):
        upcoming, titles, count = archive_titles(client, path)
        assert "冬至天文夜" in upcoming
        assert titles == [recorded_lecture.title] and count in (1, None)  # the speaker's page shows no count

    later(monkeypatch, tonight.end + datetime.timedelta(minutes=1))
    for path in (series.url, speaker_page):
        upcoming, titles, count = archive_titles(client, path)
        assert "冬至天文夜" not in upcoming, path
        assert titles == ["冬至天文夜", recorded_lecture.title], path
        assert count in (2, None), path
    _upcoming, titles, _count = archive_titles(client, f"{series.url}?year={start.year}")
    assert titles[0] == "冬至天文夜", "a filtered archive too"


def test_a_recording_published_later_reaches_the_home_page(client, home, series, speaker):
    lecture = make_lecture(
        series, "冬至天文夜", timezone.now() - datetime.timedelta(days=2), speakers=[speaker]
    )
    assert "冬至天文夜" not in client.get("/").content.decode(), "no recording yet: not among 讲座视频"
    card = archive_card(client, series.url, "冬至天文夜")
    assert "视频整理中" in card and "badge-video" not in card

    lecture.video = make_video("冬至天文夜录像")
    lecture.save_revision().publish()
    assert "冬至天文夜" in section_of(client.get("/").content.decode(), "lectures-heading")
    card = archive_card(client, series.url, "冬至天文夜")
    assert "视频整理中" not in card and "badge-video" in card, "the archive's kept card too"


def archive_card(client, path, title):
    html = client.get(path).content.decode()
    return html.split(f">{title}</a>", 1)[1].split("</article>", 1)[0]

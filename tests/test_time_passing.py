"""
Lists kept between publishes (home.content_version.kept), walked in the order
people meet them: a visitor sees the list, then time passes or an editor
publishes, and the visitor looks again. The clock changes some with nobody
publishing: the home page's next dates lose a date when it ends, a lecture
joins the archive once it is over, an urgent answer leaves the top of the list.
"""

import datetime
import io
import re
from urllib.parse import quote

from django.utils import timezone
from taggit.models import Tag

from articles.tests.fixtures import in_a_day, make_article, make_clarification
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


def card_titles(client, path):
    html = client.get(path).content.decode()
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', html)


def test_an_article_index_seen_before_a_publish_shows_it_after(client, articles, article_index, haidian):
    before = card_titles(client, article_index.url)
    assert before == ["心肺复苏人人都该学", "家庭节水小窍门", "冬季空调调到多少度最省电"]
    assert card_titles(client, article_index.url) == before

    make_article(haidian, "寒潮来了怎么穿", tags=["健康"])
    articles[1].unpublish()
    assert card_titles(client, article_index.url) == [
        "寒潮来了怎么穿",
        "心肺复苏人人都该学",
        "冬季空调调到多少度最省电",
    ]
    health = Tag.objects.get(name="健康")
    assert card_titles(client, f"{article_index.url}?topic={quote(health.slug)}") == [
        "寒潮来了怎么穿",
        "心肺复苏人人都该学",
    ]


def test_an_urgent_answer_leaves_the_top_of_the_list_when_it_expires(
    client, clarification_index, incident, monkeypatch
):
    urgent = make_clarification(
        clarification_index, incident, "今晚有大地震", days_ago=3, urgent=True, urgent_until=in_a_day()
    )
    make_clarification(clarification_index, incident, "自来水有毒", days_ago=1)
    assert card_titles(client, clarification_index.url)[0] == "今晚有大地震"
    assert card_titles(client, clarification_index.url)[0] == "今晚有大地震"

    later(monkeypatch, urgent.urgent_until + datetime.timedelta(seconds=1))
    assert card_titles(client, clarification_index.url) == ["自来水有毒", "今晚有大地震"]


def test_a_section_page_seen_before_a_publish_lists_it_and_its_lecture_feeds_after(
    client, article_index, haidian, chaoyang, series, speaker
):
    def recent(html):
        return section_of(html, "recent-heading")

    first = make_article(haidian, "冬季空调调到多少度最省电")
    html = client.get(haidian.url).content.decode()
    lecture_feeds = f"{series.url}sections/{haidian.slug}/feed/"
    assert "冬季空调调到多少度最省电" in recent(html)
    assert lecture_feeds not in html.split("</head>")[0], "no lectures: no lecture feeds"

    make_article(haidian, "寒潮来了怎么穿")
    make_lecture(
        haidian, "海淀科普讲堂：流感季", timezone.now() - datetime.timedelta(days=1), speakers=[speaker]
    )
    first.move(chaoyang, pos="last-child")
    html = client.get(haidian.url).content.decode()
    assert "寒潮来了怎么穿" in recent(html) and "海淀科普讲堂：流感季" in recent(html)
    assert "冬季空调调到多少度最省电" not in recent(html), "moved to another section"
    assert lecture_feeds in html.split("</head>")[0], "its first lecture brings its lecture feeds"


def test_the_nightly_refresh_brings_the_dates_that_entered_the_window(
    client, calendar, haidian, science_week, monkeypatch
):
    """
    A weekly series without an end has dates two years ahead; each night's
    refresh adds the next ones, to the calendar (whose list is kept per day)
    and to the festival's programme (kept until the content changes).
    """
    from django.core.management import call_command

    from events.models.schedule import occurrence_window

    add_event(haidian, "周末观星", soon(1, 19), repeat="WEEKLY", festival=science_week)
    edge = occurrence_window()[1].date()
    listings = [
        f"/calendar/?start={edge - datetime.timedelta(days=20)}&end={edge + datetime.timedelta(days=20)}",
        science_week.url,
    ]

    def dates(path):
        return client.get(path).content.decode().count('<li class="occurrence')

    before = [dates(path) for path in listings]
    assert [dates(path) for path in listings] == before and min(before) >= 2

    a_week_on = timezone.now() + datetime.timedelta(days=7)
    later(monkeypatch, a_week_on)
    call_command("refresh_occurrences", stdout=io.StringIO())
    assert [dates(path) for path in listings] == [before[0] + 1, before[1] + 1]


def test_an_event_page_drops_a_date_when_it_ends(client, calendar, haidian, science_centre, monkeypatch):
    event = add_event(haidian, "周末观星", soon(1, 19), venue=science_centre, repeat="WEEKLY", repeat_count=3)
    first, second = event.occurrences.order_by("start")[:2]
    html = client.get(event.url).content.decode()
    assert client.get(event.url).content.decode() == html  # seen again: its dates are kept
    assert f'datetime="{timezone.localtime(first.start).isoformat()}' in html

    later(monkeypatch, first.end + datetime.timedelta(minutes=1))
    html = client.get(event.url).content.decode()
    assert f'datetime="{timezone.localtime(first.start).isoformat()}' not in html, "over: gone unpublished"
    assert f'datetime="{timezone.localtime(second.start).isoformat()}' in html


def test_a_tour_shows_its_next_stop_as_showing_once_that_day_comes(client, programme, monkeypatch):
    tour = programme["tour"]
    first, called_off, third = (stop.venue.name for stop in tour.stops.order_by("start_date"))
    starts = [stop.start_date for stop in tour.stops.order_by("start_date")]

    def marked(kind):
        html = client.get(tour.url).content.decode()
        found = re.search(rf'class="{kind}">.*?<a [^>]+>([^<]+)</a>', html, re.S)
        return found and found[1]

    assert (marked("now-showing"), marked("next-stop")) == (None, first)
    later(monkeypatch, timezone.make_aware(datetime.datetime.combine(starts[0], datetime.time(9))))
    assert (marked("now-showing"), marked("next-stop")) == (first, third), "the called-off stop is skipped"
    later(monkeypatch, timezone.make_aware(datetime.datetime.combine(starts[2], datetime.time(9))))
    assert (marked("now-showing"), marked("next-stop")) == (third, None)
    itinerary = client.get(tour.url).content.decode().split('class="itinerary"', 1)[1]
    assert re.search(r'class="stop status-scheduled is-past"[^>]*>.*?' + first, itinerary, re.S)
    assert re.search(r'class="stop status-scheduled is-now"[^>]*>.*?' + third, itinerary, re.S)

"""
The TV channel's Media RSS and the app's JSON Feed, read back by feedparser and
a plain XML parser the way their clients would.
"""

import datetime
import json
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lectures.feeds import MEDIA_NS

from .fixtures import CHINESE_LINES, make_captions, make_lecture, make_video

pytestmark = pytest.mark.django_db


def media_rss(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return response, feedparser.parse(response.content)


def test_media_rss_has_every_past_lecture_with_its_video(client, recorded_lecture, upcoming_lecture):
    response, feed = media_rss(client, f"{recorded_lecture.get_parent().url}feed/media-rss/")
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == [
        recorded_lecture.title
    ]  # no video yet: not in the feed
    entry = feed.entries[0]
    (content,) = entry.media_content
    video = recorded_lecture.video
    assert content["url"] == f"http://testserver{video.url}"
    assert content["type"] == "video/mp4"
    assert content["medium"] == "video"
    assert int(content["duration"]) == round(video.duration) == 8
    assert (content["width"], content["height"]) == ("320", "180")
    assert int(content["filesize"]) == video.file.size
    assert entry.media_thumbnail[0]["url"] == f"http://testserver{video.thumbnail.url}"
    assert entry.media_credit[0]["content"] == "王雨桐 首席预报员，北京市气象台"
    assert entry.enclosures[0]["type"] == "video/mp4"


def test_media_rss_lists_a_subtitle_per_caption_track(client, recorded_lecture):
    response, _feed = media_rss(client, f"{recorded_lecture.get_parent().url}feed/media-rss/")
    item = ET.fromstring(response.content).find("channel/item")
    subtitles = item.findall(f"{{{MEDIA_NS}}}subTitle")
    assert [(s.get("lang"), s.get("type")) for s in subtitles] == [
        ("zh-Hans", "text/vtt"),
        ("en", "text/vtt"),
    ]
    captions = client.get(subtitles[0].get("href").removeprefix("http://testserver"))
    assert captions["Content-Type"] == "text/vtt; charset=utf-8"
    assert CHINESE_LINES[0] in captions.content.decode()


def test_json_feed_carries_the_video_as_an_attachment_with_its_duration(client, recorded_lecture):
    response = client.get(f"{recorded_lecture.get_parent().url}feed/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    (item,) = feed["items"]
    (attachment,) = item["attachments"]
    video = recorded_lecture.video
    assert attachment == {
        "url": f"http://testserver{video.url}",
        "mime_type": "video/mp4",
        "title": recorded_lecture.title,
        "duration_in_seconds": video.duration,
        "size_in_bytes": video.file.size,
    }
    assert item["image"].endswith(video.thumbnail.url)
    assert [track["language"] for track in item["_kepu"]["captions"]] == ["zh-Hans", "en"]
    assert item["id"] == item["url"] == f"http://testserver{recorded_lecture.url}"


def test_feeds_per_speaker_and_per_section_hold_only_theirs(
    client, series, recorded_lecture, haidian, speaker
):
    from lectures.models import Speaker

    other = Speaker.objects.create(name="林晓岚", affiliation="国家天文台")
    section_lecture = make_lecture(
        haidian,
        "社区防震减灾公开课",
        timezone.now() - datetime.timedelta(days=5),
        speakers=[other],
        video=make_video("社区课录像"),
    )
    by_speaker = feedparser.parse(client.get(f"{series.url}speakers/{speaker.pk}/feed/media-rss/").content)
    assert [e.title for e in by_speaker.entries] == [recorded_lecture.title]
    by_section = feedparser.parse(client.get(f"{series.url}sections/haidian/feed/media-rss/").content)
    assert [e.title for e in by_section.entries] == [section_lecture.title]
    assert by_section.feed.title == "海淀区科协的讲座"
    series_feed = feedparser.parse(client.get(f"{series.url}feed/media-rss/").content)
    assert [e.title for e in series_feed.entries] == [recorded_lecture.title]


def test_drafts_and_unknown_feeds_are_not_served(client, series, speaker):
    make_lecture(
        series, "未发布的讲座", timezone.now() - datetime.timedelta(days=2), video=make_video(), publish=False
    )
    feed = feedparser.parse(client.get(f"{series.url}feed/media-rss/").content)
    assert feed.entries == []
    assert client.get(f"{series.url}feed/podcast/").status_code == 404
    assert client.get(f"{series.url}speakers/99999/feed/json/").status_code == 404
    assert client.get(f"{series.url}sections/no-such-section/feed/json/").status_code == 404


def test_feed_queries_do_not_grow_with_lectures(client, series, speaker):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{series.url}feed/media-rss/").status_code == 200
        return len(queries)

    def add(n):
        for i in range(n):
            captions = make_captions(f"字幕{i}", CHINESE_LINES)
            make_lecture(
                series,
                f"讲座{i}-{timezone.now().timestamp()}",
                timezone.now() - datetime.timedelta(days=10 + i),
                speakers=[speaker],
                video=make_video(f"录像{i}"),
                captions=[("zh-Hans", captions)],
            )

    add(1)
    few = count()
    add(4)
    assert count() == few


def test_feeds_are_advertised_in_page_heads(client, series, recorded_lecture, haidian):
    own = make_lecture(haidian, "社区课", timezone.now() - datetime.timedelta(days=5))
    for url, expected in [
        (own.url, f'href="{series.url}sections/haidian/feed/json/"'),
        (series.url, f'href="{series.url}feed/media-rss/"'),
        (recorded_lecture.url, f'href="{series.url}feed/json/"'),
        (f"{series.url}speakers/{recorded_lecture.speakers[0].pk}/", "feed/media-rss/"),
        (haidian.url, f'href="{series.url}sections/haidian/feed/media-rss/"'),
    ]:
        html = client.get(url).content.decode()
        assert 'type="application/rss+xml"' in html and 'type="application/feed+json"' in html, url
        assert expected in html, url
    assert 'type="text/calendar"' in client.get(series.url).content.decode()


def test_moving_a_series_to_another_section_moves_its_lectures_in_feeds_and_calendars(
    client, home, haidian, chaoyang, speaker
):
    from events.models import Occurrence
    from lectures.models import LectureSeriesPage

    own_series = haidian.add_child(instance=LectureSeriesPage(title="海淀科学沙龙", slug="salon"))
    own_series.save_revision().publish()
    hub = home.add_child(instance=LectureSeriesPage(title="首都科学讲堂", slug="lectures"))
    hub.save_revision().publish()
    lecture = make_lecture(
        own_series, "沙龙第一期", timezone.now() - datetime.timedelta(days=3), video=make_video("沙龙录像")
    )
    upcoming = make_lecture(own_series, "沙龙第二期", timezone.now() + datetime.timedelta(days=3))
    assert lecture.section == haidian
    own_series.move(chaoyang, pos="last-child")

    def titles(slug):
        feed = feedparser.parse(client.get(f"{hub.url}sections/{slug}/feed/media-rss/").content)
        return [entry.title for entry in feed.entries]

    assert titles("haidian") == [] and titles("chaoyang") == ["沙龙第一期"]
    assert Occurrence.objects.get(page=upcoming).section_id == chaoyang.pk


class RecordingBackend:
    """A stand-in CDN for WAGTAILFRONTENDCACHE: remembers what it was told to purge."""

    purged = []

    def __init__(self, params):
        pass

    def purge(self, url):
        self.purged.append(url)

    def purge_batch(self, urls):
        self.purged.extend(urls)

    def invalidates_hostname(self, hostname):
        return True


def test_publishing_a_lecture_purges_its_series_speaker_and_section_feeds_from_the_cdn(
    settings, series, speaker, haidian
):
    settings.WAGTAILFRONTENDCACHE = {"cdn": {"BACKEND": f"{__name__}.RecordingBackend"}}
    RecordingBackend.purged = []
    make_lecture(
        series, "新讲座", timezone.now() - datetime.timedelta(days=1), speakers=[speaker], video=make_video()
    )
    purged = {url.removeprefix("http://testserver") for url in RecordingBackend.purged}
    assert {series.url, f"{series.url}feed/media-rss/", f"{series.url}ical/"} <= purged
    assert f"{series.url}speakers/{speaker.pk}/feed/media-rss/" in purged

"""What visitors see on the series, lecture and speaker pages, and what machines read from them."""

import datetime
import json
import re

import icalendar
import pytest
import recurring_ical_events
from django.utils import timezone
from icalendar import vDuration

from lectures.models import iso_duration

from .fixtures import CHINESE_LINES, make_lecture, make_video

pytestmark = pytest.mark.django_db


def jsonld(html):
    nodes = []
    for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(block)
        nodes.extend(data if isinstance(data, list) else [data])
    return nodes


def test_a_recorded_lecture_plays_with_captions_and_a_clickable_transcript(client, recorded_lecture):
    html = client.get(recorded_lecture.url).content.decode()
    video = recorded_lecture.video
    assert re.search(
        r'<video id="lecture-video" controls preload="metadata" playsinline poster="[^"]+poster', html
    )
    assert f'<source src="{video.url}" type="video/mp4">' in html
    tracks = re.findall(
        r'<track kind="([^"]+)" src="([^"]+)" srclang="([^"]+)" label="([^"]+)"( default)?>', html
    )
    assert tracks == [
        ("captions", f"{recorded_lecture.url}captions/zh-Hans/", "zh-Hans", "中文", " default"),
        ("subtitles", f"{recorded_lecture.url}captions/en/", "en", "English", ""),
    ]
    starts = re.findall(r'class="transcript-line" data-start="([\d.]+)"', html)
    assert starts == ["0.0", "2.0", "4.0", "6.0"]
    for line in CHINESE_LINES:
        assert line in html


def test_a_hand_written_transcript_takes_the_place_of_the_captions(client, recorded_lecture):
    recorded_lecture.transcript = "<p>整理后的讲稿全文。</p>"
    recorded_lecture.save_revision().publish()
    html = client.get(recorded_lecture.url).content.decode()
    assert "整理后的讲稿全文。" in html
    assert 'class="transcript-line"' not in html


def test_caption_files_are_served_as_webvtt_only_for_live_lectures(client, recorded_lecture, series):
    response = client.get(f"{recorded_lecture.url}captions/zh-Hans/")
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response.content.decode().startswith("WEBVTT")
    assert client.get(f"{recorded_lecture.url}captions/fr/").status_code == 404
    recorded_lecture.unpublish()
    assert client.get(f"{recorded_lecture.url}captions/zh-Hans/").status_code == 404


def test_video_object_json_ld_has_the_files_duration_and_is_linked_to_the_event(client, recorded_lecture):
    nodes = jsonld(client.get(recorded_lecture.url).content.decode())
    video = next(node for node in nodes if node["@type"] == "VideoObject")
    event = next(node for node in nodes if node["@type"] == "EducationEvent")
    assert video["duration"] == "PT8S"
    assert vDuration.from_ical(video["duration"]).total_seconds() == recorded_lecture.video.duration
    assert video["contentUrl"] == f"http://testserver{recorded_lecture.video.url}"
    assert video["thumbnailUrl"] == [f"http://testserver{recorded_lecture.video.thumbnail.url}"]
    assert video["uploadDate"].startswith(str(timezone.localdate().year)[:2])
    assert CHINESE_LINES[3] in video["transcript"]
    assert video["recordedAt"] == {"@id": event["@id"]}
    assert event["recordedIn"] == {"@id": video["@id"]}
    assert event["performer"][0]["name"] == "王雨桐"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(8.0, "PT8S"), (59.6, "PT1M"), (3725.4, "PT1H2M5S"), (5400, "PT1H30M"), (0, "PT0S")],
)
def test_iso_8601_durations(seconds, expected):
    assert iso_duration(seconds) == expected


def test_an_upcoming_lecture_is_in_every_calendar(client, upcoming_lecture, series, home):
    from events.models import EventIndexPage

    calendar = home.add_child(instance=EventIndexPage(title="活动日历", slug="calendar"))
    calendar.save_revision().publish()
    html = client.get(upcoming_lecture.url).content.decode()
    assert "添加到日历" in html and "时间地点" in html
    assert upcoming_lecture.title in client.get("/calendar/").content.decode()
    window = (timezone.now(), timezone.now() + datetime.timedelta(days=60))
    for url in (f"{series.url}ical/", "/calendar/ical/", f"{upcoming_lecture.url}ical/"):
        events = recurring_ical_events.of(icalendar.Calendar.from_ical(client.get(url).content)).between(
            *window
        )
        assert [str(event["SUMMARY"]) for event in events] == [upcoming_lecture.title], url
        assert events[0]["DTSTART"].dt == upcoming_lecture.start.replace(microsecond=0)
    assert upcoming_lecture.title in client.get(series.url).content.decode()


def test_a_lecture_moved_online_shows_its_new_status(client, upcoming_lecture):
    from lectures.models import LectureDateChange

    upcoming_lecture.date_changes = [
        LectureDateChange(
            date=upcoming_lecture.local_start.date(), change="online", online_url="https://live.example.cn/1"
        )
    ]
    upcoming_lecture.save_revision().publish()
    html = client.get(upcoming_lecture.url).content.decode()
    assert "改为线上" in html and "https://live.example.cn/1" in html


def test_the_archive_filters_by_topic_speaker_and_year(client, series, recorded_lecture, upcoming_lecture):
    from lectures.models import Speaker

    other = Speaker.objects.create(name="林晓岚", affiliation="国家天文台")
    old = make_lecture(
        series,
        "太阳风暴会影响我们的生活吗",
        datetime.datetime(2025, 3, 1, 14, tzinfo=datetime.UTC),
        speakers=[other],
    )
    old.tags.add("天文")
    old.save_revision().publish()
    recorded_lecture.tags.add("气象")
    recorded_lecture.save_revision().publish()

    def archive(query=""):
        response = client.get(f"{series.url}{query}")
        titles = re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())
        return response.status_code, titles

    assert archive() == (
        200,
        [recorded_lecture.title, old.title],
    )  # newest first; the upcoming one is not archived
    tag_slug = old.tags.get().slug
    assert archive(f"?topic={tag_slug}") == (200, [old.title])
    assert archive(f"?speaker={other.pk}") == (200, [old.title])
    assert archive("?year=2025") == (200, [old.title])
    for bad in ("?year=1999", "?year=abc", "?speaker=99999", "?topic=no-such-topic", "?speaker=x&page=-1"):
        status, _titles = archive(bad)
        assert status == 400, bad
    assert "这一年没有讲座" in client.get(f"{series.url}?year=1999").content.decode()
    assert client.get(f"{series.url}?page=abc").status_code == 200


def test_the_speaker_page_lists_their_lectures(client, series, recorded_lecture, upcoming_lecture, speaker):
    html = client.get(f"{series.url}speakers/{speaker.pk}/").content.decode()
    assert speaker.name in html and speaker.bio in html
    assert recorded_lecture.title in html and upcoming_lecture.title in html
    assert client.get(f"{series.url}speakers/99999/").status_code == 404
    assert (
        f'type="text/calendar" title="{speaker.name}（iCal）" href="{series.url}speakers/{speaker.pk}/ical/"'
        in html
    )
    calendar = icalendar.Calendar.from_ical(client.get(f"{series.url}speakers/{speaker.pk}/ical/").content)
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries == sorted([recorded_lecture.title, upcoming_lecture.title])
    lecture_html = client.get(recorded_lecture.url).content.decode()
    assert f'href="{series.url}speakers/{speaker.pk}/"' in lecture_html


def test_search_finds_a_word_said_only_in_the_transcript(client, recorded_lecture):
    assert "涉水" not in recorded_lecture.title + recorded_lecture.summary + recorded_lecture.abstract
    html = client.get("/search/?q=涉水").content.decode()
    assert recorded_lecture.title in html
    assert "千万不要<mark>涉水</mark>通行" in html  # the snippet quotes where it was said


def test_seeking_in_the_video_gets_just_the_bytes_asked_for(client, recorded_lecture):
    video = recorded_lecture.video
    response = client.get(video.url, HTTP_RANGE="bytes=1000-1999")
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes 1000-1999/{video.file.size}"
    with video.file.open("rb") as file:
        file.seek(1000)
        assert b"".join(response.streaming_content) == file.read(1000)


def test_the_api_gives_apps_the_video_with_absolute_urls(client, recorded_lecture):
    data = client.get(f"/api/v3/pages/{recorded_lecture.pk}/").json()
    details = data["video_details"]
    assert details["url"] == f"http://testserver{recorded_lecture.video.url}"
    assert details["duration"] == 8.0 and details["type"] == "video/mp4"
    assert [track["url"] for track in details["captions"]] == [
        f"http://testserver{recorded_lecture.url}captions/zh-Hans/",
        f"http://testserver{recorded_lecture.url}captions/en/",
    ]
    assert [cue["text"] for cue in data["transcript_cues"]] == CHINESE_LINES
    assert data["speaker_list"][0]["name"] == "王雨桐"


def test_a_past_lecture_without_its_video_yet_says_so(client, series, speaker):
    lecture = make_lecture(
        series, "等待视频的讲座", timezone.now() - datetime.timedelta(days=1), speakers=[speaker]
    )
    html = client.get(lecture.url).content.decode()
    assert "视频正在整理中" in html and "<video" not in html


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Warm first: any publish empties the site-wide caches (feed links, urgent banner).
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_lectures_or_speakers(client, series, recorded_lecture, speaker):
    from lectures.models import Speaker

    def add_past(n):
        for i in range(n):
            others = [Speaker.objects.create(name=f"主讲人{n}-{i}-{j}") for j in range(3)]
            make_lecture(
                series,
                f"往期讲座{n}-{i}",
                timezone.now() - datetime.timedelta(days=40 + i),
                speakers=[speaker, *others],
                video=make_video(f"录像{n}-{i}"),
            )

    series_few, speaker_few = (
        _queries(client, series.url),
        _queries(client, f"{series.url}speakers/{speaker.pk}/"),
    )
    lecture_few = _queries(client, recorded_lecture.url)
    add_past(4)
    assert _queries(client, series.url) == series_few
    assert _queries(client, f"{series.url}speakers/{speaker.pk}/") == speaker_few
    assert _queries(client, recorded_lecture.url) == lecture_few


# Dates that change, files that go missing, people not yet announced ----------------


def _change(lecture, **change):
    from lectures.models import LectureDateChange

    lecture.date_changes = [LectureDateChange(date=lecture.local_start.date(), **change)]
    lecture.save_revision().publish()
    lecture.refresh_from_db()
    return lecture


def _archive_titles(client, series):
    html = client.get(series.url).content.decode()
    archive = html.split('id="archive-heading"', 1)[1]
    return re.findall(r'<h3 class="card-title"><a href="[^"]+">([^<]+)</a>', archive)


def test_a_lecture_moved_to_a_later_date_is_not_over(client, series, speaker):
    lecture = make_lecture(
        series, "改期的讲座", timezone.now() - datetime.timedelta(days=2), speakers=[speaker]
    )
    new_start = timezone.now() + datetime.timedelta(days=10)
    _change(lecture, change="moved", new_start=new_start, note="因场馆检修改期")
    html = client.get(lecture.url).content.decode()
    assert "时间地点" in html and "添加到日历" in html and "视频正在整理中" not in html
    assert timezone.localtime(new_start).strftime("%Y年%-m月%-d日") in html
    assert "改期的讲座" not in _archive_titles(client, series)
    assert "改期的讲座" in client.get(series.url).content.decode().split('id="archive-heading"')[0]


def test_a_postponed_lecture_waits_for_its_new_date(client, series, speaker):
    lecture = make_lecture(
        series, "延期的讲座", timezone.now() - datetime.timedelta(days=2), speakers=[speaker]
    )
    _change(lecture, change="postponed", note="新时间另行通知")
    html = client.get(lecture.url).content.decode()
    assert "延期" in html and "视频正在整理中" not in html
    assert "延期的讲座" not in _archive_titles(client, series)


def test_a_cancelled_lecture_says_so_and_is_not_in_the_archive(client, series, speaker):
    lecture = make_lecture(
        series, "取消的讲座", timezone.now() - datetime.timedelta(days=2), speakers=[speaker]
    )
    _change(lecture, change="cancelled", note="因天气原因取消")
    html = client.get(lecture.url).content.decode()
    assert "本场讲座已取消。" in html and "因天气原因取消" in html
    assert "视频正在整理中" not in html and "添加到日历" not in html
    assert "取消的讲座" not in _archive_titles(client, series)


def test_an_archive_filter_with_no_past_lectures_says_so(client, series, upcoming_lecture, speaker):
    html = client.get(f"{series.url}?speaker={speaker.pk}").content.decode()
    assert "没有符合条件的往期讲座。" in html
    assert '<span class="count">0</span>' in html


def test_a_caption_file_missing_on_disk_costs_the_captions_not_the_page(client, recorded_lecture):
    import os

    track = recorded_lecture.caption_tracks[0]
    os.remove(track.document.file.path)
    assert client.get(f"{recorded_lecture.url}captions/zh-Hans/").status_code == 404
    assert client.get(recorded_lecture.url).status_code == 200
    recorded_lecture.refresh_transcript()
    assert recorded_lecture.transcript_cues == []
    recorded_lecture.save_revision().publish()  # and publishing still works


def test_replacing_a_caption_file_updates_the_transcript_and_search(client, recorded_lecture):
    from django.core.files.base import ContentFile

    from lectures.demo import _vtt

    document = recorded_lecture.caption_tracks[0].document
    document.file.save("new.vtt", ContentFile(_vtt(["修订后的字幕：请关注蓝色预警。"]).encode()))
    page = type(recorded_lecture).objects.get(pk=recorded_lecture.pk)
    assert [cue["text"] for cue in page.transcript_cues] == ["修订后的字幕：请关注蓝色预警。"]
    html = client.get("/search/?q=修订后的字幕").content.decode()
    assert recorded_lecture.title in html
    assert "请关注蓝色预警" in html, "the result quotes the new transcript"


def test_a_speaker_of_unpublished_lectures_only_has_no_public_page(client, series):
    from lectures.models import Speaker

    secret = Speaker.objects.create(name="尚未公布的主讲人", bio="保密")
    make_lecture(
        series, "草稿讲座", timezone.now() + datetime.timedelta(days=20), speakers=[secret], publish=False
    )
    for path in ("", "ical/", "feed/media-rss/", "feed/json/"):
        assert client.get(f"{series.url}speakers/{secret.pk}/{path}").status_code == 404, path


def test_speaker_pages_are_their_own_canonical_page(client, series, recorded_lecture, speaker):
    html = client.get(f"{series.url}speakers/{speaker.pk}/").content.decode()
    assert f'<link rel="canonical" href="http://testserver{series.url}speakers/{speaker.pk}/">' in html


def test_related_articles_show_only_what_anyone_may_read(client, home, recorded_lecture):
    from wagtail.models import PageViewRestriction

    from articles.models import ArticleIndexPage, ArticlePage
    from lectures.models import RelatedArticle

    index = home.add_child(instance=ArticleIndexPage(title="科普文章", slug="articles"))
    index.save_revision().publish()
    open_article = index.add_child(instance=ArticlePage(title="暴雨自救指南", author="王", body=[]))
    members_only = index.add_child(instance=ArticlePage(title="内部资料：预警发布流程", author="王", body=[]))
    PageViewRestriction.objects.create(page=members_only, restriction_type="login")
    recorded_lecture.related_articles = [
        RelatedArticle(article=members_only),
        RelatedArticle(article=open_article),
    ]
    recorded_lecture.save_revision().publish()
    html = client.get(recorded_lecture.url).content.decode()
    assert "暴雨自救指南" in html and "内部资料" not in html


def test_previewing_a_lecture_being_created_works(client, series, speaker, django_user_model):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    start = timezone.localtime() + datetime.timedelta(days=3)
    data = nested_form_data(
        {
            "title": "新讲座预览",
            "slug": "",
            "summary": "",
            "start": start.strftime("%Y-%m-%d %H:%M"),
            "end": (start + datetime.timedelta(hours=2)).strftime("%Y-%m-%d %H:%M"),
            "repeat_interval": 1,
            "signup_opens_days": 14,
            "signup_closes_hours": 2,
            "seats_per_person": 1,
            "abstract": rich_text("<p>简介</p>"),
            "transcript": rich_text(""),
            "date_changes": inline_formset([]),
            "speaker_links": inline_formset([{"speaker": speaker.pk}]),
            "captions": inline_formset([]),
            "related_articles": inline_formset([]),
            "is_free": "on",
        }
    )
    url = f"/admin/pages/add/lectures/lecturepage/{series.pk}/preview/"
    assert client.post(url, data).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200 and "新讲座预览" in response.content.decode()


def test_the_home_page_shows_the_latest_recordings(client, home, recorded_lecture, upcoming_lecture):
    html = client.get("/").content.decode()
    section = html.split('id="lectures-heading"', 1)[1].split("</section>", 1)[0]
    assert recorded_lecture.title in section and upcoming_lecture.title not in section
    assert f'href="{recorded_lecture.get_parent().url}"' in section


def test_speakers_keep_their_address_when_a_series_is_published_higher_up(client, home, haidian, speaker):
    from lectures.models import LectureSeriesPage

    section_series = haidian.add_child(instance=LectureSeriesPage(title="海淀科学讲坛", slug="jiang-tan"))
    section_series.save_revision().publish()
    make_lecture(
        section_series, "暴雨来了怎么办", timezone.now() - datetime.timedelta(days=3), speakers=[speaker]
    )
    before = LectureSeriesPage.hub().route_url("speaker", speaker.pk)
    assert client.get(before).status_code == 200

    top = home.add_child(instance=LectureSeriesPage(title="首都科学讲堂", slug="lectures"))
    top.save_revision().publish()
    assert LectureSeriesPage.hub().route_url("speaker", speaker.pk) == before
    assert client.get(before).status_code == 200


def test_a_past_lecture_without_video_or_picture_shows_its_speaker_not_an_empty_box(client, series, speaker):
    from wagtail.models import Collection

    from home.demo import demo_image
    from lectures.models import Speaker

    def card(html, title):
        return html.split(f">{title}</a>", 1)[0].rsplit('<article class="lecture-card">', 1)[1]

    speaker.photo = demo_image("王雨桐", "#0b5cad", Collection.get_first_root_node())
    speaker.save()
    ago = timezone.now() - datetime.timedelta(days=2)
    make_lecture(series, "有照片的讲座", ago, speakers=[speaker])
    make_lecture(series, "无照片的讲座", ago, speakers=[Speaker.objects.create(name="李青")])
    html = client.get(series.url).content.decode()
    assert re.search(
        r'class="lecture-poster speaker-poster"><img[^>]+src="[^"]+"', card(html, "有照片的讲座")
    )
    assert "李青" in card(html, "无照片的讲座").split("lecture-card-body")[0]
    before = _queries(client, series.url)
    other = Speaker.objects.create(
        name="赵星", photo=demo_image("赵星", "#0f7a8a", Collection.get_first_root_node())
    )
    make_lecture(series, "又一场有照片的讲座", ago, speakers=[other])
    assert _queries(client, series.url) == before, "speaker photos are fetched with the cards"

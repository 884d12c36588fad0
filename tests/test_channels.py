"""
The app, TV and calendar channels, tried as their developers would: a valid
typed OpenAPI document, "what's on" with places in one request, JSON errors,
and HTTP that lets them poll cheaply (ETag/304 cached or not, CORS, gzip).
"""

import gzip
import re

import icalendar
import pytest
from openapi_spec_validator import validate

from events.models import Occurrence
from home import content_version

WHATS_ON = "/api/v3/occurrences/"


def test_the_openapi_document_is_valid_and_types_what_we_add(client, home):
    document = client.get("/api/v3/openapi.json").json()
    validate(document)  # raises with the reason when invalid
    schemas = document["components"]["schemas"]
    assert "AllowAnonymous" not in document["components"]["securitySchemes"]
    dates = schemas["EventPageSchema"]["properties"]["dates"]["anyOf"][0]
    assert dates == {"items": {"$ref": "#/components/schemas/DateOut"}, "type": "array"}
    cues = schemas["LecturePageSchema"]["properties"]["transcript_cues"]["anyOf"][0]
    assert cues["type"] == "array"
    assert schemas["ClarificationPageSchema"]["properties"]["is_urgent"]["anyOf"][0] == {"type": "boolean"}
    assert set(schemas["VenueOut"]["required"]) >= {"name", "address", "district", "latitude", "longitude"}
    pages = document["paths"]["/api/v3/pages/"]["get"]
    assert "urgent" in {parameter["name"] for parameter in pages["parameters"]}
    assert {"400", "404", "500", "503"} <= set(pages["responses"])
    assert WHATS_ON in document["paths"]


def _html_calendar(client, query):
    html = client.get(f"/calendar/?{query}").content.decode()
    return sorted(
        (title.strip(), start)
        for start, title in re.findall(
            r'data-start="([^"]+)".*?<p class="occurrence-title">\s*<a href="[^"]+">([^<]+)</a>', html, re.S
        )
    )


def test_whats_on_lists_the_next_30_days_with_venues_like_the_html_calendar(client, programme):
    from events.tests.fixtures import soon

    start, end = soon(0).date(), soon(30).date()
    for query in [f"start={start}&end={end}", f"start={start}&end={end}&district=haidian"]:
        data = client.get(f"{WHATS_ON}?{query}&limit=200").json()
        items = data["items"]
        assert items and data["total_count"] == len(items)
        api = sorted((item["title"], item["start"]) for item in items)
        html = _html_calendar(client, query)
        assert [title for title, _start in api] == [title for title, _start in html]
        for item in items:
            if item["venue"]:
                assert item["venue"]["address"] and item["venue"]["district_label"]
            assert item["url"].startswith("http://testserver/")


def test_all_day_dates_are_local_dates_and_times_carry_plus_eight(client, programme):
    items = client.get(f"{WHATS_ON}?limit=200").json()["items"]
    tour = [item for item in items if item["type"] == "events.TourPage"]
    assert tour and all(
        item["all_day"] and re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["start"]) for item in tour
    )
    stop = programme["tour"].stops.order_by("start_date").first()
    assert tour[0]["start"] == stop.start_date.isoformat() and tour[0]["end"] == stop.end_date.isoformat()
    timed = [item for item in items if not item["all_day"]]
    assert timed and all(item["start"].endswith("+08:00") for item in timed)


def test_whats_on_filters_and_refuses_bad_input_as_json(client, programme):
    cancelled = client.get(f"{WHATS_ON}?type=tour&limit=200").json()["items"]
    assert {item["status"] for item in cancelled} >= {"cancelled"}
    assert all(item["type"] == "events.TourPage" for item in cancelled)
    paid = client.get(f"{WHATS_ON}?free=false").json()["items"]
    assert [item["title"] for item in paid] == ["人工智能与生活"]
    for query in ["district=nowhere", "start=2026-13-01", "limit=100000", "offset=-1", "section=%00"]:
        response = client.get(f"{WHATS_ON}?{query}")
        assert response.status_code in (400, 422), query
        assert response["Content-Type"].startswith("application/"), query
        assert response.json()["status"] == response.status_code and response.json()["detail"], query


def test_whats_on_takes_the_same_queries_for_few_or_many_dates(
    client, programme, django_assert_max_num_queries
):
    from events.models import Venue
    from events.tests.fixtures import soon

    client.get(WHATS_ON)
    content_version.bump()  # both counts read what a publish empties (the kept site, the rows)
    with django_assert_max_num_queries(8) as few:
        client.get(f"{WHATS_ON}?limit=200")
    venues = list(Venue.objects.all())
    event = programme["lecture"]
    Occurrence.objects.bulk_create(
        Occurrence(
            page=event,
            key=f"extra-{n}",
            start=soon(n % 28, 9),
            end=soon(n % 28, 11),
            venue=venues[n % len(venues)],
            section_id=event.section_id,
            published_at=event.last_published_at,
        )
        for n in range(80)
    )
    content_version.bump()  # as refresh_occurrences does after writing dates
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(f"{WHATS_ON}?limit=200")
    assert len(response.json()["items"]) > 80


def test_event_details_carry_the_venue_and_dates_inline(client, programme):
    series = programme["series"]
    data = client.get(f"/api/v3/pages/{series.pk}/").json()
    assert data["venue"]["name"] == "北京科学中心" and data["venue"]["latitude"] == pytest.approx(39.9583)
    assert data["dates"][0]["venue"]["address"].startswith("北京市")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v3/nothing-here/",
        "/api/v3/pages/?offset=99999999999999999999",
        "/api/v3/pages/?limit=-5",
        "/api/v3/pages/?search=%00",
        "/api/v3/pages/?locale=%00",
        "/api/v3/pages/?site=%00",
        # Found by schemathesis: the port went to the database as it was (a 500).
        "/api/v3/pages/find/?site=localhost:%20/admin/&html_path=/",
        "/api/v3/pages/?site=localhost:80x",
    ],
)
def test_api_errors_are_problem_json_never_html_or_500(client, home, path):
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert response["Content-Type"].startswith(("application/problem+json", "application/json"))
    assert "<html" not in response.content.decode()


def test_the_apis_search_reads_chinese_and_ignores_query_syntax(client, haidian):
    from tests.factories import StandardPageFactory

    StandardPageFactory(parent=haidian, title="地震会不会引发海啸")
    for query in ['"NEAR(', "地震 OR", "*", "海啸"]:
        response = client.get("/api/v3/pages/", {"search": query})
        assert response.status_code == 200, query
    found = client.get("/api/v3/pages/", {"search": "海啸"})
    assert [item["title"] for item in found.json()["items"]] == ["地震会不会引发海啸"]
    assert "地震会不会引发海啸".encode() in found.content, "Chinese sent as UTF-8, not \\uXXXX escapes"


@pytest.mark.parametrize("encoding", ["identity", "gzip"])
@pytest.mark.parametrize("cached", [False, True], ids=["uncached", "page-cache"])
@pytest.mark.parametrize(
    "path", ["/calendar/ical/", "/articles/feed/rss/", "/articles/feed/json/", "/api/v3/pages/", "/calendar/"]
)
def test_conditional_gets_answer_304_cached_or_not(
    client, request, programme, article_index, cached, path, encoding
):
    """
    Apps and calendar clients ask for gzip. Django's compression adds random bytes
    (against BREACH), so the ETag taken from what was sent changed on every poll and
    none of them ever got a 304 (measured by bench/evening_bench.py).
    """
    if cached:
        request.getfixturevalue("page_cache")
    first = client.get(path, HTTP_ACCEPT_ENCODING=encoding)
    assert first.status_code == 200
    assert (first.get("Content-Encoding") == "gzip") == (encoding == "gzip")
    etag = first["ETag"]
    assert etag and not etag.startswith("W/"), "a strong validator"
    again = client.get(path, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_ENCODING=encoding)
    assert again.status_code == 304
    if first.has_header("Last-Modified"):
        assert (
            client.get(
                path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], HTTP_ACCEPT_ENCODING=encoding
            ).status_code
            == 304
        )


def test_api_reads_are_public_for_a_short_while_and_carry_last_modified(client, home):
    response = client.get("/api/v3/pages/")
    assert "public" in response["Cache-Control"] and "max-age=30" in response["Cache-Control"]
    assert response.has_header("Last-Modified")
    assert "Authorization" in response["Vary"]


@pytest.mark.parametrize("path", ["/api/v3/pages/", WHATS_ON, "/calendar/ical/", "/articles/feed/json/"])
def test_channels_can_be_read_from_another_origin(client, programme, article_index, path):
    response = client.get(path, HTTP_ORIGIN="https://app.example.cn")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        path, HTTP_ORIGIN="https://app.example.cn", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]


def test_the_admin_is_not_shared_with_other_origins(client, home):
    response = client.get("/admin/login/", HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in response


def test_text_is_compressed_for_anonymous_visitors_only(client, programme, people):
    response = client.get("/calendar/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "周六观星夜" in gzip.decompress(response.content).decode()
    ical = client.get("/calendar/ical/", HTTP_ACCEPT_ENCODING="gzip")
    assert icalendar.Calendar.from_ical(gzip.decompress(ical.content))
    client.force_login(people["editor"])
    admin = client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert admin.status_code == 200 and not admin.has_header("Content-Encoding")


@pytest.fixture
def pictured_article(haidian, article_index):
    from wagtail.models import Collection

    from articles.tests.fixtures import make_article
    from home.demo import demo_image

    image = demo_image("节水海报", "#0b5cad", Collection.get_first_root_node())
    return make_article(haidian, "家庭节水小窍门", author="海淀区科协", listing_image=image, tags=["节能"])


def test_page_details_carry_absolute_image_renditions(client, pictured_article):
    images = client.get(f"/api/v3/pages/{pictured_article.pk}/").json()["images"]
    assert images["card"]["url"].startswith("http://testserver/media/images/")
    card = images["card"]
    assert card["width"] * 9 == card["height"] * 16 and card["width"] <= 640, "16:9, never upscaled"
    assert images["hero"]["webp_url"].endswith(".webp")
    assert client.get(images["card"]["url"].replace("http://testserver", "")).status_code == 200


def test_feed_items_carry_their_picture(client, pictured_article):
    import feedparser

    json_feed = client.get("/articles/feed/json/").json()
    assert json_feed["items"][0]["image"].startswith("http://testserver/media/images/")
    rss = feedparser.parse(client.get("/articles/feed/rss/").content)
    assert rss.entries[0].media_thumbnail[0]["url"] == json_feed["items"][0]["image"]


@pytest.mark.parametrize("path", ["/articles/feed/atom/", "/clarifications/feed/atom/"])
def test_atom_feeds_name_an_author(client, article_index, clarification_index, path):
    import feedparser

    feed = feedparser.parse(client.get(path).content)
    assert feed.feed.author == "北京市科学技术协会"


def _jsonld(client, url):
    import extruct

    html = client.get(url).content.decode()
    return extruct.extract(html, base_url="http://testserver", syntaxes=["json-ld"])["json-ld"]


def test_article_json_ld_names_organisations_images_and_puts_the_reviewer_on_the_webpage(
    client, pictured_article
):
    from articles.models import Expert

    pictured_article.reviewer = Expert.objects.create(name="王研究员", title="研究员")
    pictured_article.save_revision().publish()
    nodes = {node["@type"]: node for node in _jsonld(client, pictured_article.url)}
    article, page = nodes["Article"], nodes["WebPage"]
    assert article["author"] == {"@type": "Organization", "name": "海淀区科协"}
    assert article["image"][0].startswith("http://testserver/media/images/")
    assert "reviewedBy" not in article and page["reviewedBy"]["name"] == "王研究员"
    assert page["mainEntity"]["@id"] == article["@id"]


def test_a_past_event_keeps_its_event_markup_and_says_when_it_was_held(
    client, calendar, haidian, science_centre
):
    import datetime

    from django.utils import timezone

    from events.models import EventPage
    from events.tests.fixtures import publish

    held = timezone.now() - datetime.timedelta(days=900)  # older than the calendars' window
    event = EventPage(
        title="2024年科普开放日", start=held, end=held + datetime.timedelta(hours=3), venue=science_centre
    )
    haidian.add_child(instance=event)
    publish(event)
    assert not Occurrence.objects.filter(page=event).exists()
    [node] = _jsonld(client, event.url)
    assert node["@type"] == "Event" and node["location"]["name"] == "北京科学中心"
    html = client.get(event.url).content.decode()
    assert "本活动已经结束" in html and "北京科学中心" in html
    assert "添加到日历" not in html and "在线报名" not in html


def test_lecture_and_speaker_pages_offer_one_tap_subscribing(client, recorded_lecture, series, speaker):
    for url in [series.url, series.route_url("speaker", speaker.pk)]:
        html = client.get(url).content.decode()
        assert 'href="webcal://testserver/' in html, url
        assert ">订阅到手机日历<" in html and ">Media RSS<" not in html


def test_the_sitemap_lists_speaker_and_venue_pages(client, recorded_lecture, series, speaker, programme):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/lectures/speakers/{speaker.pk}/" in sitemap
    assert "/calendar/venues/" in sitemap


def test_media_rss_credits_speakers_with_a_listed_role(client, recorded_lecture, series):
    xml = client.get(series.route_url("feed", "media-rss")).content.decode()
    assert 'role="author"' in xml and 'role="host"' not in xml


@pytest.mark.parametrize("path", ["/articles/feed/rss/", "/articles/feed/atom/", "/lectures/feed/media-rss/"])
def test_an_empty_feed_is_dated_by_the_last_change_so_its_etag_holds(client, article_index, series, path):
    """Django dates an empty feed "now": every poll was new bytes and no reader ever got a 304."""
    import datetime

    import feedparser

    from home.content_version import ContentVersion

    an_hour_ago = datetime.datetime(2026, 11, 30, 8, 0, tzinfo=datetime.UTC)
    ContentVersion.objects.update(changed_at=an_hour_ago)
    feed = feedparser.parse(client.get(path).content)
    assert feed.entries == [] and not feed.bozo
    assert feed.feed.updated_parsed[:6] == an_hour_ago.timetuple()[:6]


@pytest.mark.parametrize("path", ["/articles/feed/json/", "/articles/feed/rss/", "/articles/feed/atom/"])
def test_an_empty_feed_was_last_modified_when_content_last_changed_not_now(client, article_index, path):
    """
    With no articles yet, a feed still answers If-Modified-Since with 304 a second
    later: it dates itself from the last change of content, not from the clock
    (the JSON feed used now(), so a conditional request crossing a second missed).
    """
    import datetime

    from django.utils import timezone
    from django.utils.http import http_date

    from home.content_version import ROW, ContentVersion

    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    ContentVersion.objects.filter(pk=ROW).update(changed_at=an_hour_ago)
    response = client.get(path)
    assert response["Last-Modified"] == http_date(an_hour_ago.timestamp())
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304

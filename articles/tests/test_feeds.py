"""RSS, Atom and JSON Feed: what feed readers and the channel apps receive."""

import json

import feedparser
import pytest

from articles.tests.fixtures import in_a_day, make_article, make_clarification

FEEDS = ["rss", "atom"]


@pytest.mark.parametrize("kind", FEEDS)
def test_article_feeds_parse_newest_first_with_absolute_links(client, articles, kind):
    response = client.get(f"/articles/feed/{kind}/")
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.title for entry in parsed.entries] == [
        "心肺复苏人人都该学",
        "家庭节水小窍门",
        "冬季空调调到多少度最省电",
    ]
    assert all(entry.link.startswith("http://testserver/") for entry in parsed.entries)
    assert parsed.entries[1].link == articles[1].get_full_url()


@pytest.mark.parametrize("kind", FEEDS)
def test_section_and_topic_feeds_carry_only_their_articles(client, articles, kind):
    section = feedparser.parse(client.get(f"/articles/feed/{kind}/?section=haidian").content)
    assert [entry.title for entry in section.entries] == ["冬季空调调到多少度最省电"]
    assert "海淀区科协" in section.feed.title
    topic = feedparser.parse(client.get(f"/articles/feed/{kind}/?topic=节能").content)
    assert [entry.title for entry in topic.entries] == ["家庭节水小窍门", "冬季空调调到多少度最省电"]


@pytest.mark.parametrize(
    "url",
    [
        "/articles/feed/rss/?section=atlantis",
        "/articles/feed/atom/?topic=no-such-topic",
        "/articles/feed/json/?section=%00",
        "/articles/feed/xml/",
        "/clarifications/feed/rss/?verdict=maybe",
        "/clarifications/feed/json/?incident=abc",
        "/clarifications/feed/json/?incident=999999",
    ],
)
def test_a_feed_for_something_unknown_is_a_404(client, articles, clarification_index, url):
    assert client.get(url).status_code == 404


def test_json_feed_has_the_required_fields_of_version_1_1(client, articles):
    response = client.get("/articles/feed/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    feed = json.loads(response.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "科普文章"
    assert feed["feed_url"] == "http://testserver/articles/feed/json/"
    assert [item["title"] for item in feed["items"]][0] == "心肺复苏人人都该学"
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith("http://testserver/")
        assert "content_text" in item or "content_html" in item
        assert item["date_published"].endswith("+08:00")


def test_clarification_feeds_put_urgent_first_and_mark_it(client, clarification_index, incident):
    make_clarification(clarification_index, incident, "草莓打了膨大剂", days_ago=0)
    make_clarification(
        clarification_index, incident, "今晚有大地震", days_ago=2, urgent=True, urgent_until=in_a_day()
    )
    for kind in FEEDS:
        parsed = feedparser.parse(client.get(f"/clarifications/feed/{kind}/").content)
        assert [entry.title for entry in parsed.entries] == ["【紧急】今晚有大地震", "草莓打了膨大剂"]
    feed = json.loads(client.get("/clarifications/feed/json/").content)
    assert [item["_kepu"]["urgent"] for item in feed["items"]] == [True, False]
    assert feed["items"][0]["_kepu"]["verdict"] == "false"


def test_feeds_are_advertised_in_the_index_heads(client, articles, clarification_index):
    html = client.get("/articles/?section=haidian").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml" href="/articles/feed/rss/?section=haidian"' in html
    )
    assert 'type="application/atom+xml"' in html and 'type="application/feed+json"' in html
    html = client.get("/clarifications/").content.decode()
    assert 'href="/clarifications/feed/json/"' in html


@pytest.mark.parametrize("kind", ["rss", "atom", "json"])
def test_feed_queries_do_not_grow_with_items(
    client, article_index, haidian, django_assert_max_num_queries, kind
):
    for number in range(12):
        make_article(haidian, f"节能文章{number}", tags=["节能", f"主题{number}"])
    client.get(f"/articles/feed/{kind}/")  # warm the site-root cache
    # Bounded whatever the number of items (the Atom author, the association's name, is one query).
    with django_assert_max_num_queries(11):
        assert client.get(f"/articles/feed/{kind}/?topic=节能").status_code == 200


def test_site_feed_links_advertise_both_indexes_and_the_cap_index_for_any_head(
    article_index, clarification_index
):
    from django.template import Context, Template

    html = Template("{% load article_tags %}{% site_feed_links %}").render(Context())
    assert html.count('rel="alternate"') == 7
    assert 'type="application/atom+xml" href="/clarifications/cap/" title="应急科普 · CAP"' in html
    assert 'type="application/feed+json" href="/clarifications/feed/json/"' in html
    assert 'type="application/rss+xml" href="/articles/feed/rss/"' in html

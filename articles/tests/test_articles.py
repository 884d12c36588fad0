"""Articles: the site-wide index and its filters, a section's own list, reading time, the page itself."""

import json
import re

import pytest

from articles.models import ArticleIndexPage, ArticlePage, ClarificationIndexPage, ClarificationPage
from articles.reading import reading_minutes
from articles.tests.fixtures import make_article


def _titles(response):
    return re.findall(r'<h3 class="card-title"><a href="[^"]*">([^<]*)</a>', response.content.decode())


def test_index_lists_every_article_site_wide_newest_first(client, articles):
    response = client.get("/articles/")
    assert _titles(response) == ["心肺复苏人人都该学", "家庭节水小窍门", "冬季空调调到多少度最省电"]


def test_a_sections_own_list_and_a_topic_list(client, articles):
    assert _titles(client.get("/articles/?section=haidian")) == ["冬季空调调到多少度最省电"]
    assert _titles(client.get("/articles/?topic=节能")) == ["家庭节水小窍门", "冬季空调调到多少度最省电"]
    assert _titles(client.get("/articles/?topic=节能&section=chaoyang")) == ["家庭节水小窍门"]


def test_a_card_names_the_section_once_when_it_is_also_the_author(client, article_index, haidian):
    """「海淀区科协 · 海淀区科协」 read as a mistake."""
    make_article(haidian, "社区防火常识", author="海淀区科协")
    make_article(haidian, "秋季养生", author="李医生")
    cards = client.get("/articles/").content.decode().split('class="article-card"')[1:]
    meta = {
        re.search(r'card-title"><a[^>]*>([^<]*)', card).group(1): card.split('class="meta"')[1]
        for card in cards
    }
    assert meta["社区防火常识"].count("海淀区科协") == 1
    assert "海淀区科协" in meta["秋季养生"] and "李医生" in meta["秋季养生"]


@pytest.mark.parametrize(
    "query",
    ["section=atlantis", "topic=不存在", "section=%00", "section=%27%20OR%201=1", "page=abc&section=nope"],
)
def test_bad_filters_get_a_clear_message_not_a_500(client, articles, query):
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 400
    assert "筛选条件有误" in response.content.decode()


@pytest.mark.parametrize("query", ["page=abc", "page=999", "page=-1", "topic=", "section="])
def test_odd_page_numbers_and_empty_filters_show_the_articles(client, articles, query):
    response = client.get(f"/articles/?{query}")
    assert response.status_code == 200
    listed = [article.title for article in response.context["page_obj"]]
    assert sorted(listed) == sorted(article.title for article in articles)


def test_clarification_index_rejects_unknown_verdict_and_incident(client, clarification_index):
    for query in ["verdict=maybe", "incident=abc", "incident=99999"]:
        response = client.get(f"/clarifications/?{query}")
        assert response.status_code == 400, query
        assert "筛选条件有误" in response.content.decode()


def test_index_queries_do_not_grow_with_articles(
    client, article_index, haidian, django_assert_max_num_queries
):
    for number in range(15):
        make_article(haidian, f"节能文章{number}", tags=["节能", f"主题{number}"])
    client.get("/articles/")
    with django_assert_max_num_queries(18):
        response = client.get("/articles/?topic=节能&page=2")
    assert len(_titles(response)) == 3


def test_section_and_reading_time_are_derived_on_save(articles, haidian):
    article = articles[0]
    assert article.section == haidian
    assert articles[2].section is None
    long_body = [("paragraph", "<p>" + "节" * 1000 + "</p>"), ("heading", {"text": "小结", "level": "h2"})]
    assert reading_minutes(ArticlePage(body=long_body).body) == 3  # 1002 characters at 400 a minute


def test_article_page_shows_byline_reading_time_and_article_json_ld(client, articles):
    html = client.get(articles[0].url).content.decode()
    assert "约 1 分钟" in html and "科普作者" in html and "海淀区科协" in html
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    nodes = [
        node for data in map(json.loads, scripts) for node in (data if isinstance(data, list) else [data])
    ]
    node = next(node for node in nodes if node["@type"] == "Article")
    assert node["author"] == {"@type": "Person", "name": "科普作者"}
    assert node["publisher"]["@type"] == "Organization"
    assert node["datePublished"] and node["dateModified"]
    assert 'type="application/rss+xml" href="/articles/feed/rss/?section=haidian"' in html


def test_page_types_sit_where_the_design_says():
    assert ArticleIndexPage.parent_page_types == ["home.HomePage"]
    assert set(ArticlePage.parent_page_types) == {"articles.ArticleIndexPage", "home.SectionPage"}
    assert ClarificationIndexPage.subpage_types == ["articles.ClarificationPage"]
    assert ClarificationPage.parent_page_types == ["articles.ClarificationIndexPage"]


def test_api_marks_urgent_clarifications_and_lists_them_first(client, clarification_index, incident):
    from articles.tests.fixtures import in_a_day, make_clarification

    make_clarification(clarification_index, incident, "草莓打了膨大剂")
    urgent = make_clarification(
        clarification_index, incident, "今晚有大地震", urgent=True, urgent_until=in_a_day()
    )
    listing = client.get(
        "/api/v3/pages/?type=articles.ClarificationPage&urgent=true&order=-urgent_until"
    ).json()
    assert [item["id"] for item in listing["items"]] == [urgent.pk]
    detail = client.get(f"/api/v3/pages/{urgent.pk}/").json()
    assert detail["is_urgent"] is True
    assert detail["verdict"] == "false" and detail["verdict_label"] == "谣言"
    assert detail["answer"] == urgent.answer


def test_a_filter_that_matches_nothing_says_so(client, articles, clarification_index):
    # An empty page of results is falsy in a template; the listing must still say "nothing found".
    html = client.get("/clarifications/?verdict=misleading").content.decode()
    assert "暂时没有符合条件的解答。" in html and '<span class="count">0</span>' in html

"""
Chinese search: words inside longer runs, names, mixed Chinese and English,
on whichever database the suite runs (SQLite by default, PostgreSQL in CI).
"""

import pytest
from wagtail.models import PageViewRestriction

from home.chinese import segment_query
from home.sections import setup_section
from tests.factories import StandardPageFactory
from tests.fixtures import make_haidian, make_home, module_transaction

CORPUS = {
    "quake": ("地震会不会引发海啸", "沿海地区发生强烈地震后，海底地形变化可能引发海啸；内陆地震不会。"),
    "5g": ("5G基站辐射有害吗", "5G基站的电磁辐射强度远低于国家标准限值，正常生活距离内对人体无害。"),
    "ai": ("人工智能 AI 走进中小学课堂", "首都科学讲堂邀请专家讲解大模型和机器学习的基本原理。"),
    "water": ("家庭节约用水十个小窍门", "一只节水龙头每年可节约用水约5吨，洗菜水可以用来浇花。"),
    "stars": ("冬季观星指南：认识猎户座", "在远离光污染的郊区，肉眼就能看到猎户座腰带上的三颗亮星。"),
    "garbage": ("垃圾分类进社区", "厨余垃圾、可回收物、有害垃圾和其他垃圾，分类投放从我做起。"),
    "iodine": ("碘盐能防核辐射吗", "食用碘盐无法预防核辐射，过量补碘反而有害健康。"),
    "cpr": ("心肺复苏急救培训", "胸外按压每分钟100到120次，按压深度5到6厘米。"),
    "caravan": ("科普大篷车开进昌平山区学校", "流动科技馆带来机器人、VR和航天展品，孩子们排队体验。"),
    "gmo": ("转基因食品安全吗", "经过安全评价、获得批准上市的转基因食品与传统食品一样安全。"),
    "flu": ("流感疫苗什么时候打", "每年9月到11月是接种流感疫苗的最佳时间，老人和儿童优先。"),
    "carbon": ("碳达峰碳中和与你我", "绿色出行、节能家电和垃圾减量都是普通家庭能做的低碳行动。"),
}

# (query, keys of the pages it must find)
MUST_FIND = [
    ("地震", {"quake"}),
    ("海啸", {"quake"}),
    ("引发海啸", {"quake"}),
    ("地震会引发海啸吗", {"quake"}),
    ("基站", {"5g"}),
    ("5G基站", {"5g"}),
    ("5G基站辐射", {"5g"}),
    ("电磁辐射", {"5g"}),
    ("辐射", {"5g", "iodine"}),
    ("人工智能", {"ai"}),
    ("人工智能 AI", {"ai"}),
    ("AI", {"ai"}),
    ("ai", {"ai"}),
    ("大模型", {"ai"}),
    ("首都科学讲堂", {"ai"}),
    ("科学讲堂", {"ai"}),
    ("节约用水", {"water"}),
    ("节水龙头", {"water"}),
    ("浇花", {"water"}),
    ("猎户座", {"stars"}),
    ("光污染", {"stars"}),
    ("观星", {"stars"}),
    ("垃圾分类", {"garbage"}),
    ("厨余垃圾", {"garbage"}),
    ("垃圾", {"garbage", "carbon"}),
    ("碘盐", {"iodine"}),
    ("核辐射", {"iodine"}),
    ("心肺复苏", {"cpr"}),
    ("胸外按压", {"cpr"}),
    ("科普大篷车", {"caravan"}),
    ("大篷车", {"caravan"}),
    ("流动科技馆", {"caravan"}),
    ("昌平", {"caravan"}),
    ("VR", {"caravan"}),
    ("转基因", {"gmo"}),
    ("转基因食品", {"gmo"}),
    ("食品安全", {"gmo"}),
    ("流感疫苗", {"flu"}),
    ("疫苗", {"flu"}),
    ("碳中和", {"carbon"}),
    ("低碳", {"carbon"}),
    ("海淀区科协", {"section"}),
]

SINGLE_CHARACTERS = [("啸", {"quake"}), ("碘", {"iodine"}), ("星", {"stars"})]

MUST_FIND_NOTHING = [
    "火星移民",
    "量子计算机",
    "台风",
    "草稿机密",  # only in a draft
    "内部通知",  # only on a private page
    "xyzzy",
    "糖尿病",
    "区块链",
]


@pytest.fixture(scope="module")
def module_corpus(django_db_setup, django_db_blocker):
    """Built once for the module: most tests here only search it."""
    with module_transaction(django_db_blocker):
        make_home()
        yield _build_corpus(make_haidian())


@pytest.fixture
def corpus(module_corpus, db):
    return module_corpus


def _build_corpus(haidian):
    society = setup_section(kind="society", name="北京地震学会", slug="seismology")
    pages = {}
    for n, (key, (title, text)) in enumerate(CORPUS.items()):
        parent = haidian if n % 2 else society
        pages[key] = StandardPageFactory(parent=parent, title=title, body=[("paragraph", f"<p>{text}</p>")])
    pages["section"] = haidian
    draft = StandardPageFactory(parent=haidian, title="草稿机密", live=False)
    draft.save_revision()
    private = StandardPageFactory(parent=haidian, title="内部通知")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    return pages


def _found(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response, {hit["page"].pk for hit in response.context["hits"]}


@pytest.mark.parametrize("query, expected", MUST_FIND)
def test_query_finds_the_pages_that_contain_it(client, corpus, query, expected):
    _response, found = _found(client, query)
    wanted = {corpus[key].pk for key in expected}
    assert wanted <= found, (
        f"{query!r} missed {[corpus[k].title for k in expected if corpus[k].pk not in found]}"
    )
    if "section" not in expected:
        others = {page.pk for key, page in corpus.items() if key not in expected and key != "section"}
        assert not (found & others), f"{query!r} also found unrelated pages"


@pytest.mark.parametrize("query, expected", SINGLE_CHARACTERS)
def test_single_characters_are_found_in_titles(client, corpus, query, expected):
    _response, found = _found(client, query)
    assert found == {corpus[key].pk for key in expected}


@pytest.mark.parametrize("query", MUST_FIND_NOTHING)
def test_query_finds_nothing(client, corpus, query):
    response, found = _found(client, query)
    assert found == set()
    assert response.context["partial_hits"] == [], "not even a partial match"


def test_title_matches_rank_first(client, corpus):
    other = StandardPageFactory(
        parent=corpus["section"],
        title="沿海城市防灾演练",
        body=[("paragraph", "<p>演练内容包括海啸预警。</p>")],
    )
    response, _found_ids = _found(client, "海啸")
    ranked = [hit["page"].pk for hit in response.context["hits"]]
    assert ranked.index(corpus["quake"].pk) < ranked.index(other.pk)


def test_matched_words_are_highlighted(client, corpus):
    response, _ids = _found(client, "节水龙头")
    html = response.content.decode()
    assert "<mark>节水龙头</mark>" in html


def test_filters_by_section_and_type(client, corpus):
    _response, found = _found(client, "辐射", section="haidian")
    in_haidian = {
        page.pk for key, page in corpus.items() if key != "section" and page.get_parent().slug == "haidian"
    }
    assert found and found <= in_haidian
    response, found = _found(client, "辐射", section="no-such-section")
    assert found == {corpus["5g"].pk, corpus["iodine"].pk}
    assert "没有这个栏目" in response.content.decode()
    response, found = _found(client, "辐射", type="no-such-type")
    assert "不认识的内容类型" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": ""},
        {"q": "地" * 5000},
        {"q": "！？。，、"},
        {"q": "🔬🧪🚀"},
        {"q": "'; DROP TABLE wagtailcore_page; --"},
        {"q": "(a+)+$" * 30},
        {"q": '"unbalanced'},
        {"q": "地震 AND NOT OR NEAR(海啸)"},
        {"q": "*"},
        {"q": "地震", "from": "2026-13-45", "to": "yesterday", "page": "-1"},
        {"q": "地震", "page": "99999999999999999999"},
        {"q": "地震", "type": "<script>", "section": "' OR 1=1"},
    ],
)
def test_odd_input_gives_a_normal_page(client, corpus, params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_query_segmentation():
    assert segment_query("地震会不会引发海啸") == "地震 不会 引发 海啸"
    assert segment_query("5G基站辐射") == "5g 基站 辐射"
    assert segment_query("节水龙头") == "节水 水龙 龙头"
    assert segment_query("！？") == ""
    assert len(segment_query("地震" * 500).split()) <= 12


def test_suggestions_come_from_live_public_titles(client, corpus):
    response = client.get("/search/suggest/", {"q": "垃圾"})
    titles = [item["title"] for item in response.json()["suggestions"]]
    assert titles == ["垃圾分类进社区"]
    assert client.get("/search/suggest/", {"q": "草稿"}).json()["suggestions"] == []


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("dizhen", "地震来了怎么办"),
        ("dz", "地震来了怎么办"),
        ("DiZhen", "地震来了怎么办"),
        ("wumai", "雾霾天如何防护"),
    ],
)
def test_suggestions_answer_pinyin_and_initials(client, haidian, typed, expected):
    """Typing pinyin in the header box (dizhen) suggested nothing."""
    for title in ["地震来了怎么办", "雾霾天如何防护", "垃圾分类进社区"]:
        StandardPageFactory(parent=haidian, title=title)
    titles = [item["title"] for item in client.get("/search/suggest/", {"q": typed}).json()["suggestions"]]
    assert titles == [expected]


def test_pinyin_that_matches_no_title_suggests_nothing(client, haidian):
    StandardPageFactory(parent=haidian, title="地震来了怎么办")
    for typed in ["zzzq", "xq", "a"]:
        assert client.get("/search/suggest/", {"q": typed}).json()["suggestions"] == [], typed


def test_publishing_updates_the_index(client, haidian):
    page = StandardPageFactory(parent=haidian, title="流星雨观测", live=False)
    assert _found(client, "流星雨")[1] == set()
    page.save_revision().publish()
    assert _found(client, "流星雨")[1] == {page.pk}


def test_titles_are_marked_whole_and_snippets_do_not_repeat(client, haidian):
    StandardPageFactory(
        parent=haidian,
        title="“今晚还有7级大地震”？不实",
        summary="地震无法准确预报。",
        body=[("paragraph", "<p>地震无法准确预报。</p>")],
    )
    response, _ids = _found(client, "地震")
    hit = response.context["hits"][0]
    assert str(hit["title"]) == "“今晚还有7级大<mark>地震</mark>”？不实"
    assert str(hit["snippet"]).count("准确预报") == 1


def test_finds_events_by_venue_and_clarifications_by_the_claim(client, haidian):
    import datetime

    from django.utils import timezone

    from articles.models import ClarificationIndexPage, ClarificationPage, Incident
    from events.models import EventIndexPage, EventPage, Venue

    home = haidian.get_parent().get_parent()
    planetarium = Venue.objects.create(
        name="北京天文馆", address="北京市西城区西直门外大街138号", district="xicheng"
    )
    start = timezone.localtime() + datetime.timedelta(days=5)
    calendar = home.add_child(instance=EventIndexPage(title="活动日历", slug="calendar"))
    event = calendar.add_child(
        instance=EventPage(
            title="周六观星会", start=start, end=start + datetime.timedelta(hours=2), venue=planetarium
        )
    )
    event.save_revision().publish()

    incident = Incident.objects.create(name="2026年11月地震谣言", start_date=datetime.date(2026, 11, 20))
    index = home.add_child(instance=ClarificationIndexPage(title="应急科普", slug="clarifications"))
    clarification = index.add_child(
        instance=ClarificationPage(
            title="这条预报不实",
            claim="网传今晚23点将发生7级强余震，请大家不要回家",
            answer="目前的科学水平无法准确预测地震发生的时间。",
            verdict="false",
            incident=incident,
        )
    )
    clarification.save_revision().publish()

    assert _found(client, "天文馆")[1] == {event.pk}
    assert _found(client, "西直门")[1] == {event.pk}
    assert _found(client, "强余震")[1] == {clarification.pk}
    assert _found(client, "不要回家")[1] == {clarification.pk}
    assert _found(client, "强余震", type="clarifications")[1] == {clarification.pk}
    assert _found(client, "强余震", type="events")[1] == set()


def test_a_question_with_a_word_no_page_uses_still_finds_its_page(client, corpus):
    """如何应对海啸: no page says 应对, so nothing held every word and nothing was shown."""
    response, complete = _found(client, "如何应对海啸")
    assert complete == set()
    assert [hit["page"].pk for hit in response.context["partial_hits"]] == [corpus["quake"].pk]
    html = response.content.decode()
    assert "没有找到包含全部关键词的内容" in html and "只包含部分关键词的结果" in html


def test_partial_matches_rank_by_how_many_and_how_rare_the_words_are(client, corpus):
    """海啸 and 引发 are on one page, 辐射 on two: the page with two rare words comes first."""
    response, complete = _found(client, "海啸会引发辐射吗")
    ranked = [hit["page"].pk for hit in response.context["partial_hits"]]
    assert complete == set()
    assert ranked[0] == corpus["quake"].pk
    assert set(ranked[1:]) == {corpus["5g"].pk, corpus["iodine"].pk}


def test_a_lone_character_in_a_question_counts_in_titles(client, haidian):
    protection = StandardPageFactory(
        parent=haidian, title="雾霾天如何防护", body=[("paragraph", "<p>雾霾</p>")]
    )
    causes = StandardPageFactory(
        parent=haidian, title="雾霾是怎样形成的", body=[("paragraph", "<p>雾霾</p>")]
    )
    response, complete = _found(client, "雾霾怎么防")
    assert complete == {protection.pk, causes.pk}
    assert [hit["page"].pk for hit in response.context["hits"]] == [protection.pk, causes.pk]
    assert "<mark>防</mark>" in str(response.context["hits"][0]["title"])


def test_synonyms_the_association_keeps_apply_to_the_next_search(client, haidian):
    from home.synonyms import SearchSynonym

    typhoon = StandardPageFactory(parent=haidian, title="热带气旋登陆前要做的准备")
    smog = StandardPageFactory(parent=haidian, title="雾霾天出门注意什么")
    pm = StandardPageFactory(parent=haidian, title="PM2.5浓度高时怎样锻炼")
    assert _found(client, "台风")[1] == set()
    SearchSynonym.objects.create(words="台风 = 热带气旋")
    SearchSynonym.objects.create(words="雾霾，PM2.5")
    assert _found(client, "台风")[1] == {typhoon.pk}
    assert _found(client, "台风来了怎么准备")[1] == {typhoon.pk}
    assert _found(client, "雾霾")[1] == {smog.pk, pm.pk}
    assert _found(client, "pm2.5")[1] == {smog.pk, pm.pk}
    response, _ids = _found(client, "台风")
    assert "<mark>热带气旋</mark>" in str(response.context["hits"][0]["title"])


def test_the_api_answers_questions_as_the_search_page_does(client, corpus):
    response = client.get("/api/v3/pages/", {"search": "如何应对海啸"})
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [corpus["quake"].pk]
    response = client.get("/api/v3/pages/", {"search": "辐射", "order": "-id"})
    ids = [item["id"] for item in response.json()["items"]]
    assert sorted(ids, reverse=True) == ids and set(ids) == {corpus["5g"].pk, corpus["iodine"].pk}
    assert client.get("/api/v3/pages/", {"search": "区块链"}).json()["items"] == []

"""Readable ASCII URLs: pinyin slugs from Chinese titles, editors' own slugs kept."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import StandardPage
from home.slugs import is_lossy_slug, pinyin_slug


@pytest.mark.parametrize(
    "title, slug",
    [
        ("重庆", "chong-qing"),
        ("2026北京科技周", "2026-bei-jing-ke-ji-zhou"),
        ("首都科学讲堂：人工智能与5G", "shou-du-ke-xue-jiang-tang-ren-gong-zhi-neng-yu-5g"),
        ("Science Week 科技周", "science-week-ke-ji-zhou"),
        ("！？。", ""),
    ],
)
def test_pinyin_slug(title, slug):
    assert pinyin_slug(title) == slug


def test_long_titles_are_cut_at_a_syllable():
    slug = pinyin_slug("关于进一步加强新时期科协工作的意见" * 4)
    assert len(slug) <= 80
    assert not slug.endswith("-")
    assert all(part.isalnum() for part in slug.split("-"))


def test_lossy_slug_detection():
    assert is_lossy_slug("", "海淀区科协")
    assert is_lossy_slug("", "“今晚还有7级大地震”？不实")
    assert is_lossy_slug("7", "“今晚还有7级大地震”？不实")
    assert is_lossy_slug("2026", "2026北京科技周")
    assert not is_lossy_slug("science-week", "2026北京科技周")
    assert not is_lossy_slug("", "About us")


def test_page_created_in_code_gets_pinyin_slug(home):
    page = home.add_child(instance=StandardPage(title="重庆", body=[]))
    assert page.slug == "chong-qing"
    assert page.url == "/chong-qing/"


def test_title_with_digits_gets_the_whole_pinyin(home):
    page = home.add_child(instance=StandardPage(title="“今晚还有7级大地震”？不实", body=[]))
    assert page.slug == "jin-wan-hai-you-7-ji-da-di-zhen-bu-shi"


def test_sibling_with_same_title_gets_a_numbered_slug(home):
    home.add_child(instance=StandardPage(title="科普讲座", body=[]))
    second = home.add_child(instance=StandardPage(title="科普讲座", body=[]))
    assert second.slug == "ke-pu-jiang-zuo-2"


def test_slug_does_not_change_when_the_title_changes_later(home):
    page = home.add_child(instance=StandardPage(title="观星入门", body=[]))
    page.title = "观星进阶"
    page.save()
    assert page.slug == "guan-xing-ru-men"


@pytest.fixture
def admin_client_zh(client, home):
    user = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(user)
    return client


def _create_in_admin(client, parent, title, slug):
    url = reverse("wagtailadmin_pages:add", args=("home", "standardpage", parent.pk))
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>节约用水</p>"))]),
            "action-publish": "publish",
        }
    )
    return client.post(url, data)


@pytest.mark.parametrize(
    "typed_slug, expected",
    [
        ("", "2026-bei-jing-ke-ji-zhou"),  # editor left it empty
        ("2026", "2026-bei-jing-ke-ji-zhou"),  # what the admin's ASCII slugify fills in
        ("science-week-2026", "science-week-2026"),  # editor's own choice is kept
    ],
)
def test_admin_editor_gets_pinyin_unless_they_typed_a_slug(admin_client_zh, home, typed_slug, expected):
    response = _create_in_admin(admin_client_zh, home, "2026北京科技周", typed_slug)
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(title="2026北京科技周")
    assert page.slug == expected
    assert page.live


def test_admin_turns_a_chinese_slug_typed_by_hand_into_pinyin(admin_client_zh, home):
    response = _create_in_admin(admin_client_zh, home, "Water saving", "节约用水")
    assert response.status_code == 302
    page = StandardPage.objects.get(title="Water saving")
    assert page.slug == "jie-yue-yong-shui"
    assert page.url == "/jie-yue-yong-shui/"


def test_a_new_page_titled_like_its_sibling_gets_a_numbered_slug_not_an_error(client, haidian):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    from home.models import StandardPage
    from home.sections import add_person
    from tests.factories import StandardPageFactory

    StandardPageFactory(parent=haidian, title="节水小常识", slug="jie-shui-xiao-chang-shi")
    editor, _password = add_person(haidian, "editor")
    client.force_login(editor)
    form = {
        "title": "节水小常识",
        "slug": "",
        "summary": "",
        "body": streamfield([("paragraph", rich_text("<p>x</p>"))]),
    }
    for _second_and_third in range(2):
        response = client.post(f"/admin/pages/add/home/standardpage/{haidian.pk}/", nested_form_data(form))
        assert response.status_code == 302
    slugs = sorted(StandardPage.objects.child_of(haidian).values_list("slug", flat=True))
    assert slugs == ["jie-shui-xiao-chang-shi", "jie-shui-xiao-chang-shi-2", "jie-shui-xiao-chang-shi-3"]

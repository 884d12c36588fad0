"""The association keeps search synonyms in the admin; section editors cannot touch them."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from home.permissions import APPROVERS
from home.sections import editors_group_name
from home.synonyms import SearchSynonym
from tests.factories import StandardPageFactory


def _user(username, group):
    user = get_user_model().objects.create_user(username, f"{username}@example.org.cn", "x-long-password")
    user.groups.add(Group.objects.get(name=group))
    return user


def _found_titles(client, query):
    return {hit["page"].title for hit in client.get("/search/", {"q": query}).context["hits"]}


def test_an_approver_adds_a_synonym_and_the_next_search_uses_it(client, haidian):
    StandardPageFactory(parent=haidian, title="新型冠状病毒疫苗接种指南")
    assert _found_titles(client, "新冠疫苗") == set()
    client.force_login(_user("approver", APPROVERS))

    response = client.post("/admin/search-synonyms/new/", {"words": "新冠", "note": ""})
    assert response.status_code == 200
    assert "至少填两个说法" in response.content.decode()

    response = client.post(
        "/admin/search-synonyms/new/", {"words": "新冠，新型冠状病毒 ", "note": "疫情期间"}
    )
    assert response.status_code == 302
    assert SearchSynonym.objects.get().words == "新冠 = 新型冠状病毒"
    client.logout()
    assert _found_titles(client, "新冠疫苗") == {"新型冠状病毒疫苗接种指南"}
    assert _found_titles(client, "新冠疫苗在哪里打") == {"新型冠状病毒疫苗接种指南"}


def test_a_section_editor_cannot_see_or_change_the_synonyms(client, haidian):
    synonym = SearchSynonym.objects.create(words="台风 = 热带气旋")
    client.force_login(_user("haidian-editor", editors_group_name(haidian)))
    for url in ["/admin/search-synonyms/", f"/admin/search-synonyms/edit/{synonym.pk}/"]:
        assert client.get(url).status_code in (302, 403), url
    client.post(f"/admin/search-synonyms/edit/{synonym.pk}/", {"words": "台风 = 飓风"})
    client.post(f"/admin/search-synonyms/delete/{synonym.pk}/")
    assert SearchSynonym.objects.get().words == "台风 = 热带气旋"

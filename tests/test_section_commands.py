"""`create_section` and `add_editor`: one idempotent step each, and the rights they give."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Collection, GroupPagePermission, Workflow, WorkflowPage

from home.models import SectionPage
from home.sections import add_person
from tests.factories import StandardPageFactory


def _create(*args):
    out = io.StringIO()
    call_command("create_section", *args, stdout=out)
    return out.getvalue()


def _state():
    return (
        SectionPage.objects.count(),
        Collection.objects.count(),
        Group.objects.count(),
        GroupPagePermission.objects.count(),
        Workflow.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_create_section_sets_up_page_collection_groups_and_workflow(home):
    _create("--kind", "district", "--name", "海淀区科协", "--slug", "haidian")
    section = SectionPage.objects.get(slug="haidian")
    assert section.live and section.kind == "district"
    assert section.url == "/districts/haidian/"
    assert Collection.objects.filter(name="海淀区科协").exists()

    editors = Group.objects.get(name="海淀区科协 editors")
    moderators = Group.objects.get(name="海淀区科协 moderators")
    editor_perms = set(
        GroupPagePermission.objects.filter(group=editors, page=section).values_list(
            "permission__codename", flat=True
        )
    )
    assert editor_perms == {"add_page", "change_page", "lock_page"}
    assert "publish_page" in GroupPagePermission.objects.filter(group=moderators).values_list(
        "permission__codename", flat=True
    )

    workflow = WorkflowPage.objects.get(page=section).workflow
    tasks = [task.specific for task in workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [list(task.groups.values_list("name", flat=True)) for task in tasks] == [
        ["海淀区科协 moderators"],
        ["Approvers"],
    ]


def test_create_section_is_idempotent(home):
    _create("--kind", "society", "--name", "北京天文学会", "--slug", "astronomy")
    before = _state()
    _create("--kind", "society", "--name", "北京天文学会", "--slug", "astronomy")
    assert _state() == before


def test_each_kind_goes_under_its_own_index(home):
    _create("--kind", "society", "--name", "北京天文学会", "--slug", "astronomy")
    _create("--kind", "grassroots", "--name", "清华大学科协", "--slug", "tsinghua")
    assert SectionPage.objects.get(slug="astronomy").url == "/societies/astronomy/"
    assert SectionPage.objects.get(slug="tsinghua").url == "/grassroots/tsinghua/"


def test_create_section_without_a_home_page_is_a_clear_error(db):
    with pytest.raises(CommandError, match="首页"):
        _create("--kind", "district", "--name", "海淀区科协", "--slug", "haidian")


def test_add_editor_creates_the_account_and_prints_its_password(haidian):
    out = io.StringIO()
    call_command("add_editor", "haidian", "wang.fang", stdout=out)
    password = out.getvalue().split("initial password:")[1].strip()
    user = get_user_model().objects.get(username="wang.fang")
    assert user.check_password(password)
    assert list(user.groups.values_list("name", flat=True)) == ["海淀区科协 editors"]

    out = io.StringIO()
    call_command("add_editor", "haidian", "wang.fang", "--moderator", stdout=out)
    assert "initial password" not in out.getvalue()
    assert user.groups.count() == 2
    assert user.check_password(password)


def test_add_editor_to_an_unknown_section_is_a_clear_error(home):
    with pytest.raises(CommandError, match="nowhere"):
        call_command("add_editor", "nowhere", "someone", stdout=io.StringIO())


def test_section_slugs_are_unique_across_kinds(haidian):
    from django.core.exceptions import ValidationError

    from home.sections import section_index

    index = section_index("society")
    with pytest.raises(ValidationError):
        index.add_child(instance=SectionPage(title="海淀学会", slug="haidian", kind="society"))


def test_editor_can_edit_own_section_but_not_publish_or_touch_another(haidian, chaoyang):
    editor, _password = add_person(haidian, "editor-a")
    own = StandardPageFactory(parent=haidian)
    other = StandardPageFactory(parent=chaoyang)
    own_perms = own.permissions_for_user(editor)
    assert own_perms.can_edit()
    assert not own_perms.can_publish()
    other_perms = other.permissions_for_user(editor)
    assert not other_perms.can_edit()
    assert not other_perms.can_publish()
    assert not chaoyang.permissions_for_user(editor).can_add_subpage()


def test_editors_choose_and_add_venues_but_cannot_change_them(client, haidian):
    from events.models import Venue

    venue = Venue.objects.create(name="北京天文馆", address="西直门外大街138号", district="xicheng")
    editor, _pw = add_person(haidian, "venue-editor")
    client.force_login(editor)
    chooser = client.get("/admin/snippets/choose/events/venue/")
    assert chooser.status_code == 200
    assert "北京天文馆" in chooser.json()["html"]
    client.post(f"/admin/snippets/events/venue/edit/{venue.pk}/", {"name": "改名了", "district": "xicheng"})
    venue.refresh_from_db()
    assert venue.name == "北京天文馆"
    response = client.post(
        "/admin/snippets/events/venue/add/",
        {"name": "海淀区图书馆", "address": "丹棱街16号", "district": "haidian"},
    )
    assert response.status_code in (200, 302)
    assert Venue.objects.filter(name="海淀区图书馆").exists()

"""
Section isolation, tried from every door.

An editor (or moderator) of section A, and an anonymous visitor, go after
section B's drafts, live pages, images and documents through every admin view,
chooser, preview, revision view, workflow action, the v3 API (with a token) and
the public site. Each attempt must neither show B's unpublished content nor
change anything of B's.

Recent Wagtail advisories were almost all a missing check on some secondary
endpoint; when Wagtail (or we) add an endpoint, add a row to READS or WRITES.
"""

import contextlib
import json
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken, Collection, Page

from home.sections import add_person
from tests.factories import StandardPageFactory

SECRET = "机密"  # every unpublished text of section B carries this word, used as a search term


def _secrets(world):
    """B's unpublished texts; a query echoing SECRET back is not a leak, these are."""
    return [
        f"朝阳社区讲座（{SECRET}修改）",
        world.b_draft.title,
        world.b_moderated.title,
        world.b_image.title,
        world.b_document.title,
        world.b_event.title,
        f"朝阳{SECRET}活动改期",
        world.b_article.title,
    ]


def _section_b_drafts(section):
    """A draft event and a draft article in B, and a live event whose new date is still a draft."""
    import datetime

    from django.utils import timezone

    from articles.models import ArticleIndexPage, ArticlePage
    from events.models import EventIndexPage, EventPage

    home = section.get_parent().get_parent()
    home.add_child(instance=EventIndexPage(title="活动日历", slug="calendar")).save_revision().publish()
    home.add_child(instance=ArticleIndexPage(title="科普文章", slug="articles")).save_revision().publish()
    start = timezone.localtime() + datetime.timedelta(days=3)
    event = section.add_child(
        instance=EventPage(
            title=f"朝阳{SECRET}活动", start=start, end=start + datetime.timedelta(hours=2), live=False
        )
    )
    event.save_revision()
    live_event = section.add_child(
        instance=EventPage(title="朝阳公开活动", start=start, end=start + datetime.timedelta(hours=2))
    )
    live_event.save_revision().publish()
    live_event.title = f"朝阳{SECRET}活动改期"
    live_event.start = start + datetime.timedelta(days=7)
    live_event.end = live_event.start + datetime.timedelta(hours=2)
    live_event.save_revision()
    article = section.add_child(
        instance=ArticlePage(title=f"朝阳{SECRET}文章", author="王芳", live=False, body=[])
    )
    article.save_revision()
    return event, article


def _text(response):
    """The response as a person or a program would read it: JSON unescaped (\\u671d…)."""
    body = response.content.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            body += json.dumps(json.loads(body), ensure_ascii=False)
    return body


def _leaked(world, body):
    return [secret for secret in _secrets(world) if secret in body]


@dataclass
class World:
    a: Page
    b: Page
    b_live: Page  # live, with an unpublished revision containing SECRET
    b_draft: Page  # never published, SECRET in its title
    b_moderated: Page  # draft submitted to B's workflow, awaiting B's moderators
    b_image: object
    b_document: object
    revisions: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)


def _snapshot(world):
    """Everything about B that an attack could change."""
    pages = Page.objects.descendant_of(world.b, inclusive=True).order_by("pk")
    return {
        "pages": list(
            pages.values_list(
                "pk",
                "title",
                "slug",
                "path",
                "live",
                "locked",
                "has_unpublished_changes",
                "latest_revision_id",
                "alias_of_id",
            )
        ),
        "count": Page.objects.count(),
        "a_children": Page.objects.descendant_of(world.a).count(),
        "image": get_image_model()
        .objects.filter(pk=world.b_image.pk)
        .values_list("title", "collection_id")
        .first(),
        "document": get_document_model()
        .objects.filter(pk=world.b_document.pk)
        .values_list("title", "collection_id")
        .first(),
        "privacy": list(
            world.b.get_descendants(inclusive=True).filter(view_restrictions__isnull=False).values_list("pk")
        ),
    }


@pytest.fixture
def world(haidian, chaoyang, django_user_model):
    b_collection = Collection.objects.get(name=chaoyang.title)
    b_live = StandardPageFactory(parent=chaoyang, title="朝阳社区讲座")
    b_live.title = f"朝阳社区讲座（{SECRET}修改）"
    live_revision = b_live.save_revision()

    b_draft = StandardPageFactory(parent=chaoyang, title=f"朝阳{SECRET}草稿", live=False)
    draft_revision = b_draft.save_revision()

    b_moderated = StandardPageFactory(parent=chaoyang, title=f"朝阳待审{SECRET}稿件", live=False)
    b_moderator, _pw = add_person(chaoyang, "b-moderator", moderator=True)
    b_editor, _pw = add_person(chaoyang, "b-editor")
    revision = b_moderated.save_revision(user=b_editor)
    workflow = b_moderated.get_workflow()
    workflow.start(b_moderated, b_editor)
    b_moderated.refresh_from_db()

    b_event, b_article = _section_b_drafts(chaoyang)

    image = get_image_model().objects.create(
        title=f"朝阳{SECRET}图片", file=get_test_image_file(), collection=b_collection
    )
    document = get_document_model().objects.create(
        title=f"朝阳{SECRET}文档", file=ContentFile(b"%PDF-1.4 secret", name="b.pdf"), collection=b_collection
    )

    world = World(
        a=haidian,
        b=chaoyang,
        b_live=b_live,
        b_draft=b_draft,
        b_moderated=b_moderated,
        b_image=image,
        b_document=document,
    )
    world.b_event, world.b_article = b_event, b_article
    world.revisions = {"live": live_revision.pk, "draft": draft_revision.pk, "moderated": revision.pk}
    world.users["editor"], _pw = add_person(haidian, "a-editor")
    world.users["moderator"], _pw = add_person(haidian, "a-moderator", moderator=True)
    world.users["anonymous"] = None
    for role in ("editor", "moderator"):
        _token, plaintext = APIToken.create_token(user=world.users[role], name="attack")
        world.tokens[role] = plaintext
    world.task_state = b_moderated.current_workflow_task_state
    return world


def _page_form(title):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": "pwned",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>pwned</p>"))]),
        }
    )


# Read attempts: (name, url). None of B's unpublished text may appear in the answer.
def READS(w):
    live, draft, mod = w.b_live.pk, w.b_draft.pk, w.b_moderated.pk
    rev = w.revisions
    return [
        ("explorer of B", f"/admin/pages/{w.b.pk}/"),
        ("explorer results of B", f"/admin/pages/{w.b.pk}/results/"),
        ("admin page search", f"/admin/pages/search/?q={SECRET}"),
        ("admin page search results", f"/admin/pages/search/results/?q={SECRET}"),
        ("edit view (live page)", f"/admin/pages/{live}/edit/"),
        ("edit view (draft)", f"/admin/pages/{draft}/edit/"),
        ("view draft", f"/admin/pages/{live}/view_draft/"),
        ("preview on edit", f"/admin/pages/{live}/edit/preview/"),
        ("preview on edit (draft)", f"/admin/pages/{draft}/edit/preview/"),
        ("workflow preview", f"/admin/pages/workflow/preview/{mod}/{w.task_state.task_id}/"),
        ("revisions index", f"/admin/pages/{live}/revisions/"),
        ("revision view", f"/admin/pages/{live}/revisions/{rev['live']}/view/"),
        ("revision view (draft)", f"/admin/pages/{draft}/revisions/{rev['draft']}/view/"),
        ("revision compare", f"/admin/pages/{live}/revisions/compare/live...{rev['live']}/"),
        ("revision compare earliest", f"/admin/pages/{draft}/revisions/compare/earliest...latest/"),
        ("revision revert form", f"/admin/pages/{live}/revisions/{rev['live']}/revert/"),
        ("history", f"/admin/pages/{live}/history/"),
        ("history (draft)", f"/admin/pages/{draft}/history/"),
        ("history results", f"/admin/pages/{draft}/history/results/"),
        ("workflow history", f"/admin/pages/{mod}/workflow_history/"),
        ("usage", f"/admin/pages/{draft}/usage/"),
        ("add subpage chooser", f"/admin/pages/{w.b.pk}/add_subpage/"),
        ("add form under B", f"/admin/pages/add/home/standardpage/{w.b.pk}/"),
        ("move form", f"/admin/pages/{draft}/move/"),
        ("copy form", f"/admin/pages/{draft}/copy/"),
        ("delete form", f"/admin/pages/{draft}/delete/"),
        ("unpublish form", f"/admin/pages/{live}/unpublish/"),
        ("privacy form", f"/admin/pages/{live}/privacy/"),
        (
            "workflow action form",
            f"/admin/pages/workflow/collect_action_data/{mod}/approve/{w.task_state.pk}/",
        ),
        ("page chooser", f"/admin/choose-page/{w.b.pk}/"),
        ("page chooser search", f"/admin/choose-page/search/?q={SECRET}"),
        ("admin API listing", f"/admin/api/main/pages/?child_of={w.b.pk}"),
        ("admin API search", f"/admin/api/main/pages/?search={SECRET}"),
        ("admin API detail (draft)", f"/admin/api/main/pages/{draft}/"),
        ("admin API detail (live)", f"/admin/api/main/pages/{live}/"),
        ("image edit", f"/admin/images/{w.b_image.pk}/"),
        ("image usage", f"/admin/images/usage/{w.b_image.pk}/"),
        ("image url generator", f"/admin/images/{w.b_image.pk}/generate_url/"),
        ("images index", "/admin/images/"),
        ("images index of B's collection", f"/admin/images/?collection_id={w.b_image.collection_id}"),
        ("image chooser", "/admin/images/chooser/"),
        ("image chooser search", f"/admin/images/chooser/results/?q={SECRET}"),
        ("image chooser chosen", f"/admin/images/chooser/chosen/{w.b_image.pk}/"),
        ("admin API images", f"/admin/api/main/images/?search={SECRET}"),
        ("document edit", f"/admin/documents/edit/{w.b_document.pk}/"),
        ("document usage", f"/admin/documents/usage/{w.b_document.pk}/"),
        ("documents index", "/admin/documents/"),
        ("document chooser", "/admin/documents/chooser/"),
        ("document chooser search", f"/admin/documents/chooser/results/?q={SECRET}"),
        ("document chooser chosen", f"/admin/documents/chooser/chosen/{w.b_document.pk}/"),
        ("admin API documents", f"/admin/api/main/documents/?search={SECRET}"),
        ("v3 API listing", "/api/v3/pages/?limit=50"),
        ("v3 API search", f"/api/v3/pages/?search={SECRET}"),
        ("v3 API detail (draft)", f"/api/v3/pages/{draft}/"),
        ("v3 API detail (live)", f"/api/v3/pages/{live}/"),
        ("v3 API revisions", f"/api/v3/pages/{live}/revisions/"),
        ("v3 API revision", f"/api/v3/pages/{live}/revisions/{rev['live']}/"),
        (
            "v3 API find",
            f"/api/v3/pages/find/?html_path={w.b_draft.url_path.removeprefix(w.b.get_parent().get_parent().url_path)}",
        ),
        ("public draft URL", "/" + w.b_draft.url_path.split("/", 2)[2]),
        ("public live URL", w.b_live.url),
        ("public search", f"/search/?q={SECRET}"),
        ("sitemap", "/sitemap.xml"),
        ("search suggestions", "/search/suggest/?q=朝阳"),
        ("calendar", "/calendar/"),
        ("calendar month", "/calendar/?view=month"),
        ("section calendar", "/calendar/?section=chaoyang"),
        ("calendar iCal", "/calendar/ical/"),
        ("section iCal", "/calendar/ical/?section=chaoyang"),
        ("draft event iCal", f"/{w.b_event.url_path.split('/', 2)[2]}ical/"),
        ("articles", "/articles/"),
        ("section articles", "/articles/?section=chaoyang"),
        ("articles RSS", "/articles/feed/rss/"),
        ("articles Atom", "/articles/feed/atom/?section=chaoyang"),
        ("articles JSON Feed", "/articles/feed/json/"),
        ("event edit view", f"/admin/pages/{w.b_event.pk}/edit/"),
        ("article edit view", f"/admin/pages/{w.b_article.pk}/edit/"),
        ("event preview", f"/admin/pages/{w.b_event.pk}/edit/preview/"),
        ("v3 API events", "/api/v3/pages/?type=events.EventPage"),
        ("v3 API articles", "/api/v3/pages/?type=articles.ArticlePage"),
        ("section page", w.b.url),
        ("home page", "/"),
    ]


# Write attempts: (name, method, url, data). None may change anything of B's.
def WRITES(w):
    live, draft, mod = w.b_live.pk, w.b_draft.pk, w.b_moderated.pk
    return [
        ("edit save", "post", f"/admin/pages/{live}/edit/", _page_form(f"{SECRET}被改")),
        ("edit publish", "post", f"/admin/pages/{draft}/edit/", {**_page_form("x"), "action-publish": "1"}),
        ("edit submit", "post", f"/admin/pages/{draft}/edit/", {**_page_form("x"), "action-submit": "1"}),
        ("add under B", "post", f"/admin/pages/add/home/standardpage/{w.b.pk}/", _page_form("闯入")),
        ("unpublish", "post", f"/admin/pages/{live}/unpublish/", {}),
        ("delete", "post", f"/admin/pages/{draft}/delete/", {}),
        ("move into A", "post", f"/admin/pages/{draft}/move/{w.a.pk}/confirm/", {}),
        ("set position", "post", f"/admin/pages/{live}/set_position/?position=0", {}),
        (
            "copy into A",
            "post",
            f"/admin/pages/{draft}/copy/",
            {"new_title": "偷来的", "new_slug": "stolen", "new_parent_page": w.a.pk, "publish_copies": "on"},
        ),
        ("lock", "post", f"/admin/pages/{live}/lock/", {}),
        ("privacy", "post", f"/admin/pages/{live}/privacy/", {"restriction_type": "login"}),
        (
            "revert",
            "post",
            f"/admin/pages/{live}/edit/",
            {**_page_form("x"), "revision": w.revisions["live"], "action-publish": "1"},
        ),
        (
            "workflow approve",
            "post",
            f"/admin/pages/workflow/action/{mod}/approve/{w.task_state.pk}/",
            {"comment": ""},
        ),
        (
            "workflow reject",
            "post",
            f"/admin/pages/workflow/action/{mod}/reject/{w.task_state.pk}/",
            {"comment": "no"},
        ),
        (
            "workflow cancel",
            "post",
            f"/admin/pages/{mod}/edit/",
            {**_page_form("x"), "action-cancel-workflow": "1"},
        ),
        (
            "image edit",
            "post",
            f"/admin/images/{w.b_image.pk}/",
            {"title": "pwned", "collection": w.b_image.collection_id},
        ),
        ("image delete", "post", f"/admin/images/{w.b_image.pk}/delete/", {}),
        (
            "document edit",
            "post",
            f"/admin/documents/edit/{w.b_document.pk}/",
            {"title": "pwned", "collection": w.b_document.collection_id},
        ),
        ("document delete", "post", f"/admin/documents/delete/{w.b_document.pk}/", {}),
        (
            "admin API copy",
            "post",
            f"/admin/api/main/pages/{draft}/action/copy/",
            {"destination_page_id": w.a.pk},
        ),
        ("admin API publish", "post", f"/admin/api/main/pages/{draft}/action/publish/", {}),
        (
            "admin API move",
            "post",
            f"/admin/api/main/pages/{draft}/action/move/",
            {"destination_page_id": w.a.pk},
        ),
        ("admin API delete", "post", f"/admin/api/main/pages/{draft}/action/delete/", {}),
        ("admin API unpublish", "post", f"/admin/api/main/pages/{live}/action/unpublish/", {}),
        ("admin API lock", "post", f"/admin/api/main/pages/{live}/action/lock/", {}),
        ("v3 update", "patch", f"/api/v3/pages/{live}/", {"title": "pwned"}),
        (
            "v3 create under B",
            "post",
            "/api/v3/pages/",
            {"type": "home.StandardPage", "parent": w.b.pk, "title": "闯入", "body": []},
        ),
        ("v3 delete", "delete", f"/api/v3/pages/{draft}/", None),
        ("v3 publish", "post", f"/api/v3/pages/{draft}/actions/publish/", {}),
        ("v3 unpublish", "post", f"/api/v3/pages/{live}/actions/unpublish/", {}),
        ("v3 move", "post", f"/api/v3/pages/{draft}/actions/move/", {"destination_id": w.a.pk}),
        ("v3 copy", "post", f"/api/v3/pages/{draft}/actions/copy/", {"destination_id": w.a.pk}),
        ("v3 revert", "post", f"/api/v3/pages/{live}/actions/revert/", {"revision_id": w.revisions["live"]}),
        ("v3 action delete", "delete", f"/api/v3/pages/{draft}/actions/delete/", None),
        (
            "v3 alias into A",
            "post",
            f"/api/v3/pages/{live}/actions/create_alias/",
            {"destination_id": w.a.pk},
        ),
    ]


ROLES = ["anonymous", "editor", "moderator"]


def _client_for(client, world, role, url):
    client.logout()
    headers = {}
    if role != "anonymous":
        if url.startswith("/api/v3/"):
            headers["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[role]}"
        else:
            client.force_login(world.users[role])
    return headers


@pytest.mark.parametrize("role", ROLES)
def test_nobody_outside_section_b_can_read_its_unpublished_content(client, world, role):
    leaks, errors = [], []
    for name, url in READS(world):
        headers = _client_for(client, world, role, url)
        response = client.get(url, **headers)
        body = _text(response)
        if response.status_code >= 500:
            errors.append(f"{name}: {response.status_code}")
        if _leaked(world, body):
            leaks.append(f"{name} ({url}) → {response.status_code}: {_leaked(world, body)}")
    assert errors == []
    assert leaks == [], "section B's unpublished content leaked"


@pytest.mark.parametrize("role", ROLES)
def test_nobody_outside_section_b_can_change_it(client, world, role):
    before = _snapshot(world)
    changed, errors = [], []
    for name, method, url, data in WRITES(world):
        headers = _client_for(client, world, role, url)
        if url.startswith("/api/v3/"):
            response = getattr(client, method)(
                url,
                data=json.dumps(data) if data is not None else None,
                content_type="application/json",
                **headers,
            )
        else:
            response = getattr(client, method)(url, data, **headers)
        if response.status_code >= 500:
            errors.append(f"{name}: {response.status_code}")
        after = _snapshot(world)
        if after != before:
            changed.append(name)
            before = after
    assert errors == []
    assert changed == [], "section B was changed from outside"


def test_the_matrix_does_detect_a_leak(client, world):
    """The rows are real doors: B's own moderator, let in, does see and change B's content."""
    b_moderator = world.b_moderated.current_workflow_task.specific.groups.get().user_set.get()
    client.force_login(b_moderator)
    seen = [name for name, url in READS(world) if _leaked(world, _text(client.get(url)))]
    assert {"edit view (draft)", "revision view", "workflow preview", "page chooser", "image chooser"} <= set(
        seen
    )
    before = _snapshot(world)
    client.post(f"/admin/pages/{world.b_live.pk}/lock/")
    assert _snapshot(world) != before


def test_editor_cannot_publish_in_own_section_without_approval(client, world):
    editor = world.users["editor"]
    own = StandardPageFactory(parent=world.a, title="海淀草稿", live=False)
    client.force_login(editor)
    client.post(f"/admin/pages/{own.pk}/edit/", {**_page_form("海淀草稿"), "action-publish": "1"})
    own.refresh_from_db()
    assert not own.live
    response = client.post(
        f"/api/v3/pages/{own.pk}/actions/publish/",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world.tokens['editor']}",
    )
    own.refresh_from_db()
    assert not own.live and response.status_code in (401, 403)


def test_moderator_cannot_approve_another_sections_work(client, world):
    client.force_login(world.users["moderator"])
    client.post(
        f"/admin/pages/workflow/action/{world.b_moderated.pk}/approve/{world.task_state.pk}/",
        {"comment": ""},
    )
    world.task_state.refresh_from_db()
    assert world.task_state.status == "in_progress"
    assert not world.b_moderated.__class__.objects.get(pk=world.b_moderated.pk).live


def test_uploads_by_an_editor_land_in_their_own_collection_only(client, world):
    client.force_login(world.users["editor"])
    upload = SimpleUploadedFile("a.png", get_test_image_file().file.getvalue(), content_type="image/png")
    response = client.post(
        "/admin/images/add/",
        {"title": "偷放的图", "file": upload, "collection": world.b_image.collection_id},
    )
    assert (
        not get_image_model()
        .objects.filter(title="偷放的图", collection_id=world.b_image.collection_id)
        .exists()
    )
    assert response.status_code in (200, 302, 403)

"""`load_demo`: builds the Chinese demo site, is idempotent, and refuses production."""

import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Site, Workflow

from home import demo
from home.models import HomePage, SectionPage


def _counts():
    return {
        "pages": Page.objects.count(),
        "users": get_user_model().objects.count(),
        "groups": Group.objects.count(),
        "images": get_image_model().objects.count(),
        "workflows": Workflow.objects.count(),
        "sites": Site.objects.count(),
    }


def test_demo_builds_the_site_in_chinese(demo_site):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == demo_site
    kinds = list(SectionPage.objects.live().values_list("kind", flat=True))
    assert kinds.count("society") >= 4
    assert kinds.count("district") >= 4
    assert SectionPage.objects.filter(title="海淀区科协", slug="haidian").exists()
    assert all(section.logo_id for section in SectionPage.objects.all())


def test_demo_accounts_can_log_in(demo_site, client):
    User = get_user_model()
    usernames = ["admin", "approver", "duty-expert"]
    for _kind, slug, *_rest in demo.SECTIONS:
        usernames += [f"{slug}-editor", f"{slug}-moderator"]
    for username in usernames:
        assert client.login(username=username, password="kepu-demo-2026"), username
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="haidian-editor").groups.filter(name="海淀区科协 editors").exists()
    assert User.objects.get(username="haidian-moderator").groups.filter(name="海淀区科协 moderators").exists()


def test_running_it_twice_changes_nothing(demo_site, settings):
    before = _counts()
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    assert _counts() == before
    assert HomePage.objects.count() == 1


def test_it_keeps_what_editors_changed(demo_site, settings):
    haidian = SectionPage.objects.get(slug="haidian")
    haidian.summary = "编辑改过的简介"
    haidian.save_revision().publish()
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    haidian.refresh_from_db()
    assert haidian.summary == "编辑改过的简介"

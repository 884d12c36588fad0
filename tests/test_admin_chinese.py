"""
The admin in Chinese for every screen the demo users reach.

Wagtail's zh_Hans catalogues lag its English source: a few hundred strings
("11 Pages", "Privacy and access", "Referenced 9 times") show in English. Our
catalogue (locale/zh_Hans) fills them in. This walks each demo user's screens
and fails on any of Wagtail's untranslated msgids that shows in the page.
"""

import html
import re
from functools import cache
from pathlib import Path

import polib
import pytest
import wagtail
import wagtailmedia
from django.conf import settings
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db

PACKAGES = [Path(wagtail.__file__).parent, Path(wagtailmedia.__file__).parent]
OURS = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfi]|%[sdfi]|\{\w*\}")
# English that may stand in a Chinese page on purpose: names and formats.
ALLOWED = {"Wagtail", "RSS", "Atom", "JSON", "API", "URL", "Email", "iCal", "WebVTT"}


def _translated(path):
    if not path.exists():
        return set()
    return {entry.msgid for entry in polib.pofile(str(path)) if entry.translated()}


@cache
def untranslated(domain):
    """Wagtail's English msgids (singular and plural) no zh_Hans catalogue translates."""
    ours = _translated(OURS / f"{domain}.po")
    missing = set()
    for package in PACKAGES:
        for source in package.rglob(f"locale/en/LC_MESSAGES/{domain}.po"):
            theirs = _translated(source.parents[2] / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po")
            for entry in polib.pofile(str(source)):
                if entry.msgid in theirs or entry.msgid in ours:
                    continue
                missing.update(text for text in (entry.msgid, entry.msgid_plural) if text)
    return missing


@cache
def patterns():
    """A regex per untranslated msgid worth looking for (placeholders match anything short)."""
    found = []
    for msgid in untranslated("django"):
        text = " ".join(re.sub(r"<[^>]+>", " ", msgid).split())  # as it reads once tags are gone
        words = PLACEHOLDER.sub(" ", text)
        letters = re.findall(r"[A-Za-z]{2,}", words)
        if not letters or " ".join(letters) in ALLOWED:
            continue
        if len("".join(letters)) < 4 and not PLACEHOLDER.search(msgid):
            continue  # "of", "by" alone would match any stray English
        parts = [re.escape(part.strip()).replace(r"\ ", r"\s+") for part in PLACEHOLDER.split(text)]
        body = r"\s*\S{0,40}?\s*".join(part for part in parts if part)
        found.append((msgid, re.compile(rf"(?<![A-Za-z]){body}(?![A-Za-z])")))
    return found


def visible_text(page_html):
    # <template>s stay: their dialogs and panels open on a click.
    page_html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", page_html)
    # What people read besides text: labels, titles, placeholders, button values.
    attributes = re.findall(r'(?:aria-label|title|placeholder|alt)="([^"]*)"', page_html)
    text = re.sub(r"(?s)<[^>]+>", " ", page_html)
    return html.unescape(" ".join([text, *attributes]))


def english_on(client, url, post=None):
    response = client.post(url, post) if post is not None else client.get(url, follow=True)
    assert response.status_code == 200, (url, response.status_code)
    text = visible_text(response.content.decode())
    return {msgid for msgid, pattern in patterns() if pattern.search(text)}


def screens(user):
    """The screens a demo user reaches doing their job: lists, forms, history, media."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    editable = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    pages = list(editable.exclude(depth__lte=2).order_by("content_type", "path"))
    one_per_type = {page.content_type_id: page for page in pages}.values()
    urls = ["/admin/", "/admin/pages/", "/admin/pages/search/?q=科普", "/admin/account/"]
    for page in one_per_type:
        urls += [f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{page.pk}/history/"]
        if page.get_children_count():
            urls.append(f"/admin/pages/{page.pk}/")
        urls.append(f"/admin/pages/{page.pk}/add_subpage/")
    urls += ["/admin/images/", "/admin/documents/", "/admin/media/", "/admin/snippets/"]
    return urls


USERS = ["haidian-editor", "haidian-moderator", "approver", "duty-expert", "clarification-editor"]


@pytest.mark.parametrize("username", USERS)
def test_every_screen_a_demo_user_reaches_is_in_chinese(client, demo_site, username):
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    english = {}
    for url in screens(user):
        for msgid in english_on(client, url):
            english.setdefault(msgid, url)
        if url.endswith("/edit/"):  # a save with the title left empty: the form's error messages
            for msgid in english_on(client, url, post={"title": ""}):
                english.setdefault(msgid, f"POST {url}")
    assert english == {}, "\n".join(f"{url}: {msgid!r}" for msgid, url in sorted(english.items()))


def test_the_admins_scripts_speak_chinese(client, demo_site):
    """Messages the admin's JavaScript shows (Saved, Go to the first error) come from djangojs."""
    client.force_login(get_user_model().objects.get(username="haidian-editor"))
    catalog = client.get("/admin/jsi18n/").content.decode()
    admin_source = Path(wagtail.__file__).parent / "admin" / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    missing = [
        entry.msgid
        for entry in polib.pofile(str(admin_source))
        if entry.msgid in untranslated("djangojs") and not entry.obsolete
    ]
    assert missing == [], missing
    assert all(msgid not in catalog or f'"{msgid}": "{msgid}"' not in catalog for msgid in missing)


def test_a_live_page_reads_published_not_in_use(client, demo_site):
    """Wagtail's zh_Hans says 在用 for "live"; editors call it 已发布."""
    client.force_login(get_user_model().objects.get(username="haidian-editor"))
    from home.models import SectionPage

    section = SectionPage.objects.get(slug="haidian")
    text = visible_text(client.get(f"/admin/pages/{section.pk}/").content.decode())
    assert "已发布" in text and "在用" not in text

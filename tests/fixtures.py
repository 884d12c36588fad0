import io
from contextlib import contextmanager

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.models import Collection, Locale, Page, Site

from home import content_version
from home.fragments import forget_rendered
from home.models import HomePage
from home.page_cache import forget_near
from home.sections import setup_section
from search import log as search_log


def tree_roots():
    """
    The root page, root collection and default locale that Wagtail's data
    migrations create. Transactional tests (the browser tests' live server)
    flush the database afterwards, so rebuild them when they are gone.
    """
    Locale.objects.get_or_create(language_code="zh-hans")
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def make_home():
    """A HomePage as the default site's root, as load_demo leaves it."""
    root = tree_roots()
    Page.objects.child_of(root).delete()
    home = root.add_child(instance=HomePage(title="首都科普", slug="home", hero_title="科学在身边"))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return home


def make_haidian():
    return setup_section(kind="district", name="海淀区科协", slug="haidian", summary="海淀区科学技术协会")


def make_chaoyang():
    return setup_section(kind="district", name="朝阳区科协", slug="chaoyang")


@pytest.fixture
def home(db):
    return make_home()


@pytest.fixture
def haidian(home):
    return make_haidian()


@pytest.fixture
def chaoyang(home):
    return make_chaoyang()


@contextmanager
def module_transaction(django_db_blocker):
    """
    For data many tests only read: built once for a test module inside a
    transaction rolled back after it; each test runs in a savepoint on top.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(autouse=True)
def fresh_caches():
    """
    Every test starts with empty in-process caches: the content version they
    are keyed by comes back to the same number when a test's transaction rolls
    back, so the next test could otherwise meet the last one's entries.
    """
    yield
    for cache in caches.all(initialized_only=True):
        cache.clear()
    content_version.forget_memo()
    content_version.forget_kept()
    forget_near()
    forget_rendered()
    search_log.forget()  # counts a test left unwritten must not land in the next one


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """
    The demo site, loaded once per test module (it takes ~15 s) inside a
    transaction rolled back after the module, with its media in a folder of
    its own; each test runs in a savepoint of its own on top, as usual.
    """
    media = override_settings(MEDIA_ROOT=str(tmp_path_factory.mktemp("demo-media")))
    media.enable()
    try:
        with module_transaction(django_db_blocker):
            tree_roots()
            with override_settings(DEBUG=True):
                call_command("load_demo", stdout=io.StringIO())
            yield HomePage.objects.get()
    finally:
        media.disable()


@pytest.fixture
def demo_site(demo_module, db):
    return demo_module


@pytest.fixture
def page_cache(settings):
    """The page cache on (test settings leave it off), in memory."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-pages"},
    }
    caches["pages"].clear()
    yield
    caches["pages"].clear()

import io

import pytest
from django.core.management import call_command
from wagtail.models import Collection, Locale, Page, Site

from home.models import HomePage
from home.sections import setup_section


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


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, as load_demo leaves it."""
    root = tree_roots()
    Page.objects.child_of(root).delete()
    home = root.add_child(instance=HomePage(title="首都科普", slug="home", hero_title="科学在身边"))
    Site.objects.all().delete()
    Site.objects.create(hostname="testserver", port=80, root_page=home, is_default_site=True)
    return home


@pytest.fixture
def haidian(home):
    return setup_section(kind="district", name="海淀区科协", slug="haidian", summary="海淀区科学技术协会")


@pytest.fixture
def chaoyang(home):
    return setup_section(kind="district", name="朝阳区科协", slug="chaoyang")


@pytest.fixture
def demo_site(db, settings):
    tree_roots()
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return HomePage.objects.get()

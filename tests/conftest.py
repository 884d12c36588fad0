import io

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from home.models import HomePage
from home.sections import setup_section


@pytest.fixture
def home(db):
    """A HomePage as the default site's root, as load_demo leaves it."""
    root = Page.get_first_root_node()
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
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    return HomePage.objects.get()

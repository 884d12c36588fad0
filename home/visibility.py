"""
Which pages anyone may see, asked in the statement that lists them.

Wagtail's ``PageQuerySet.public()`` first reads every view restriction in a query of
its own, on every call: two to seven extra queries per page render (menus, filter
forms, listings, feed links). ``restricted()`` is the same test as an SQL
subquery: a row is restricted when a page with a view restriction is it or one of
its ancestors, that is, when that page's tree path begins the row's.
"""

import functools

from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageManager, PageQuerySet, PageViewRestriction

from . import content_version


@functools.cache
def restricted(path="path"):
    """
    True for rows whose page (its tree path in the field ``path``) is on or under a
    restricted page. Built once per field: the ORM took a few milliseconds to build
    it, three times per calendar page, and using it in a query copies it.
    """
    on_or_above = PageViewRestriction.objects.annotate(
        prefix=Substr(OuterRef(path), 1, Length("page__path"))
    ).filter(page__path=F("prefix"))
    return Exists(on_or_above)


class VisibilityQuerySet(PageQuerySet):
    """Wagtail's page queryset with ``public()`` and ``private()`` in one statement."""

    def public(self):
        return self.exclude(restricted())

    def private(self):
        return self.filter(restricted())

    not_public = private


class VisiblePageManager(PageManager.from_queryset(VisibilityQuerySet)):
    """The manager of every page type of the platform (home.models.BasePage)."""


def pages():
    """Page.objects, with ``public()`` in one statement (for lists over every page type)."""
    return VisibilityQuerySet(Page)


def searchable(pages):
    """
    ``pages.public()`` for a search: the search backends accept only field tests,
    not ``restricted()``'s subquery, so this is Wagtail's test of tree paths,
    with the restricted pages read once per content version (a restriction
    added, removed or moved moves it) rather than in a query per search.
    """
    for path in content_version.kept(("restricted-paths",), _restricted_paths):
        pages = pages.exclude(path__startswith=path)
    return pages


def _restricted_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True).distinct())

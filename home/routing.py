"""
The page for a URL, and whether anyone may see it, in a query or two whatever
its depth.

Wagtail walks a URL one level at a time, two queries per level (the child by its
slug, then its specific row): six for an event three levels below the home page.
``route()`` here reads every page on the way in one query, by the URL path
Wagtail keeps on each page, and only the last one's specific row. A page with
routes of its own (RoutablePageMixin: feeds, iCal, venues) still takes the rest of
the URL when one of its routes matches it, before any child page, as in Wagtail's
walk. The last page's specific row comes with the records its template shows
(``shown_with`` on the page class: its video, venue), as select_related.
Wagtail's view-restriction check reads the ancestors, then their
restrictions; ``view_restrictions()`` knows the ancestors' tree paths from the
page's own and asks once.
"""

from django.db.models import Q
from django.http import Http404
from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction

from .content_version import kept, until_published


def _takes_the_rest(page, components):
    """Whether ``page`` (any instance) has a route of its own for these remaining path components."""
    if not (page.live and issubclass(page.specific_class or Page, RoutablePageMixin)):
        return False
    try:
        page.specific_class.get_resolver().resolve("/" + "/".join(components) + "/")
    except (Resolver404, Http404):
        return False
    return True


def route(start, request, components):
    """What Wagtail's ``Page.route`` finds for the (non-empty) path ``components`` below ``start``."""
    prefixes = [start.url_path + "/".join(components[: depth + 1]) + "/" for depth in range(len(components))]
    on_the_way = {
        page.url_path: page
        # By slug first (indexed): the tree range alone read every page under the
        # site's root, 6 ms a page at 10,000 pages (bench/search_bench.py's /about/).
        for page in Page.objects.filter(
            slug__in=set(components),
            path__range=(start.path, start.path + "Z" * (255 - len(start.path))),
            depth__range=(start.depth + 1, start.depth + len(components)),
            url_path__in=prefixes,
        )
    }
    parent = start
    for depth, prefix in enumerate(prefixes):
        page = on_the_way.get(prefix)
        if page is None:
            raise Http404
        page._cached_parent_obj = parent
        remaining = components[depth + 1 :]
        if remaining and _takes_the_rest(page, remaining):
            return page.specific.route(request, remaining)
        parent = page
    related = getattr(parent.specific_class, "shown_with", ())
    if related:
        page = parent.specific_class.objects.select_related(*related).get(pk=parent.pk)
        page._cached_parent_obj = parent._cached_parent_obj
    else:
        page = parent.specific
    page._served_live = True
    return page.route(request, [])


def kept_with_page(page, kind, compute, until=None):
    """
    ``compute()`` for the live page ``route()`` read (its dates, speakers, stops
    and tags are the published version's, which only a publish changes), kept
    until then under ``kind`` and the page; for any other copy of it (a preview,
    a revision, the admin's) computed each time, because its relations are a draft's.
    ``until`` as for ``content_version.kept``.
    """
    if not page.__dict__.get("_served_live"):
        return compute()
    return kept((kind, page.pk), compute, until=until)


def ancestors(page, root):
    """
    ``page``'s ancestors from ``root`` down (breadcrumbs): the pages ``route()``
    read on the way, or a query for a page reached otherwise (a preview).
    """
    way = _on_the_way(page)
    if way is None:
        return list(Page.objects.ancestor_of(page, inclusive=False).filter(depth__gte=root.depth))
    return [ancestor for ancestor in reversed(way[1:]) if ancestor.depth >= root.depth]


def view_restrictions(page):
    """
    Wagtail's ``get_view_restrictions()``: this page's and its ancestors', an
    alias's from its source, as a QuerySet (Wagtail's admin asks ``exists()``).
    For a page ``route()`` found through no alias, which restrictions apply is
    read from the site's few, kept until the privacy setting changes: most
    pages have none, and an empty QuerySet asks the database nothing. They are
    matched by the pages routing has just read, not by tree path: a move or a
    reorder renumbers paths before its signal moves the version on.
    """
    way = _on_the_way(page)
    if way is None or any(on_the_way.alias_of_id for on_the_way in way):
        paths = [page.path[: page.steplen * depth] for depth in range(1, page.depth + 1)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()
    on_it = {on_the_way.pk for on_the_way in way}
    applying = [pk for pk, page_id, depth in every_restriction() if page_id in on_it or depth == 1]
    return (
        PageViewRestriction.objects.filter(pk__in=applying)
        if applying
        else PageViewRestriction.objects.none()
    )


def _on_the_way(page):
    """``page`` and the ancestors ``route()`` read on the way to it (all but the tree's root at depth 1), or None."""
    way = [page]
    while way[-1].depth > 2:
        parent = way[-1].__dict__.get("_cached_parent_obj")
        if parent is None:
            return None
        way.append(parent)
    return way


@until_published
def every_restriction():
    """(pk, page, page's depth) of every view restriction: a change moves the version on (home.signal_handlers)."""
    return list(PageViewRestriction.objects.values_list("pk", "page_id", "page__depth"))

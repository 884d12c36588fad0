"""Header menu and breadcrumbs, kept as small template tags (as bakerydemo does)."""

from django import template
from wagtail.models import Site

from home import routing
from home.content_version import until_published
from home.visibility import pages

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    root = _site_root(request)
    current_path = getattr(context.get("page"), "path", "")
    items = menu_items(root) if root else []
    return {
        "root": root,
        "root_is_current": bool(root) and current_path == root.path,
        "items": [(item, current_path.startswith(item.path)) for item in items],
        "request": request,
    }


@until_published
def menu_items(root):
    return list(pages().child_of(root).live().public().in_menu())


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context):
    page = context.get("page")
    request = context["request"]
    root = _site_root(request)
    if page is None or root is None or page.depth <= root.depth:
        return {"ancestors": []}
    return {"ancestors": routing.ancestors(page, root), "page": page, "request": request}

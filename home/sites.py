"""
The request's site, read once per publish, not per request.

Wagtail asks the database which site a request is for (by host, port and the
default site) on every request, then for the home page at its root: two
queries before any page is found. Both only change when an editor saves a
site or publishes a page, which move the content version on
(home.signal_handlers), so ``KnownSiteMiddleware`` keeps them with
``content_version.kept`` and hands Wagtail the kept site where it looks first
(``request._wagtail_site``). The kept site and its root page are shared by
every request of this process: nothing may write to them. The site's settings
are kept the same way (home.settings.SiteSettings.for_request).
"""

import contextlib

from django.conf import settings
from django.db import DatabaseError
from django.http.request import split_domain_port
from wagtail.models import Site

from .content_version import kept

# Hosts come from visitors' requests: at most this many kept at once.
HOSTS_KEPT = 16
# Files (uploads, and static files under the development server) belong to no site.
FILES = (settings.MEDIA_URL, settings.STATIC_URL)


def site_for(request):
    """Wagtail's ``Site.find_for_request``, with the root page's specific row, kept until a publish."""
    host = split_domain_port(request._get_raw_host())[0], request.get_port()

    def find():
        site = Site._find_for_request(request)
        if site is not None:
            site.root_page = site.root_page.specific
        return site

    return kept(("site", *host), find, most=HOSTS_KEPT)


class KnownSiteMiddleware:
    """Gives each request the kept site before Wagtail asks for it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(FILES):
            # The database down: the view meets the fault and says so, as without this.
            with contextlib.suppress(DatabaseError):
                request._wagtail_site = site_for(request)
        return self.get_response(request)

import re

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from events.api import router as occurrences_router
from home import views as home_views
from home.api import complete_openapi
from home.media_serve import serve_media, serve_signed_media
from search import views as search_views

# Our endpoints join Wagtail's v3 API, and its OpenAPI document is completed
# (valid security, documented errors and filters) before anyone reads it.
api.add_router("/occurrences/", occurrences_router)
# Chinese as UTF-8, not \uXXXX escapes: a third of the bytes on a phone's connection.
api.renderer.json_dumps_params = {"ensure_ascii": False}
_wagtail_openapi = api.get_openapi_schema
URGENT_FILTER = {
    "in": "query",
    "name": "urgent",
    "required": False,
    "description": "只列出标记为紧急置顶的应急科普解答（配合 type=articles.ClarificationPage；是否仍在置顶期看 is_urgent）",
    "schema": {"type": "boolean"},
}
api.get_openapi_schema = lambda *args, **kwargs: complete_openapi(
    _wagtail_openapi(*args, **kwargs), {("get", "/api/v3/pages/"): [URGENT_FILTER]}
)

urlpatterns = [
    path("django-admin/", admin.site.urls),
    # Checked before Wagtail's own view, which answered any admin user (home.views).
    path(
        "admin/pages/workflow/confirm_cancellation/<int:page_id>/",
        home_views.confirm_workflow_cancellation,
        name="kepu_confirm_workflow_cancellation",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v3/", api.urls),
    path("signup/", include("registrations.urls")),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    # Private files on local disk through a link home.storage signed (object storage signs its own).
    path("media-signed/<path:path>", serve_signed_media, name="signed_media"),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(
            rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$",
            serve_media,
        )
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"

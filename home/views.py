import sys

from django.core.exceptions import PermissionDenied
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.admin.auth import require_admin_access
from wagtail.admin.viewsets.pages import page_viewset_registry
from wagtail.models import Page

from .http import API_PREFIX, problem


@require_GET
@cache_control(max_age=60 * 60 * 24, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    if request.path.startswith(API_PREFIX):
        return problem(404, "没有这个地址。")
    return render(request, "404.html", status=404)


# Retry-After for a database outage: long enough not to hammer it, short enough for a restart.
RETRY_AFTER_SECONDS = 30


def _database_down():
    """Whether the error being handled is the database being unreachable (not a bug)."""
    error = sys.exc_info()[1]
    return isinstance(error, (OperationalError, InterfaceError))


def service_unavailable(request):
    """503 with Retry-After: JSON under /api/; an editor who posted a form is told nothing was saved."""
    if request.path.startswith(API_PREFIX):
        response = problem(503, "数据库暂时无法访问，请稍后重试。")
    else:
        unsaved = request.method == "POST"
        body = loader.get_template("503.html").render({"unsaved": unsaved})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    if _database_down():
        return service_unavailable(request)
    if request.path.startswith(API_PREFIX):
        return problem(500, "服务器出错，请稍后重试。")
    # Rendered without the request on purpose: whatever broke the view may also
    # break context processors (site settings, the database).
    return HttpResponseServerError(loader.get_template("500.html").render())


@require_admin_access
def confirm_workflow_cancellation(request, page_id):
    """
    Wagtail's view told any admin user the workflow and task of any page in
    moderation (another section's included). Only someone who may edit the page
    is shown it; the view itself is Wagtail's.
    """
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    view = page_viewset_registry.as_view("confirm_workflow_cancellation", page_id_kwarg="page_id")
    return view(request, page_id=page_id)

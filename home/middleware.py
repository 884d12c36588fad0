"""Notices the admin shows its publishers on every page until the cause is gone, and a media store that is down."""

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail.models import GroupPagePermission

from .purge import outstanding_purges
from .storage import StorageUnavailable


def _wants_html(request):
    accept = request.headers.get("Accept", "")
    return request.headers.get("X-Requested-With") != "XMLHttpRequest" and (
        not accept or "text/html" in accept
    )


def _publishes(user):
    return (
        user.is_superuser
        or GroupPagePermission.objects.filter(group__user=user, permission__codename="publish_page").exists()
    )


class PublisherNoticesMiddleware:
    """
    A CDN purge that failed leaves visitors behind the CDN on the old page (a
    withdrawn urgent answer, say) until it goes through: everyone who publishes
    is told, on every admin page, while the purge is being retried.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method == "GET"
            and request.path.startswith("/admin/")
            and request.user.is_authenticated
            and _wants_html(request)
        ):
            failing = outstanding_purges().count()
            if failing and _publishes(request.user):
                messages.warning(
                    request,
                    _("有 %(count)d 个地址的 CDN 缓存未能清除，访客可能仍看到旧内容；系统正在自动重试。")
                    % {"count": failing},
                )
        return self.get_response(request)


class MediaStoreDownMiddleware:
    """
    An upload while the media store is down or refuses us (home.storage.StorageUnavailable)
    is answered 503 with what happened and what to do, never a server error: the file's
    row is only written after its bytes are stored, so nothing is half-saved.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, StorageUnavailable):
            return None
        message = str(StorageUnavailable.message)
        if not _wants_html(request):
            # Wagtail's multiple upload shows error_message beside the file.
            return JsonResponse({"success": False, "error_message": message}, status=503)
        return HttpResponse(
            format_html(
                '<!doctype html><html lang="zh-hans"><meta charset="utf-8"><title>{}</title>'
                "<h1>{}</h1><p>{}</p></html>",
                _("媒体存储不可用"),
                _("媒体存储不可用"),
                message,
            ),
            status=503,
            headers={"Retry-After": "60", "Cache-Control": "no-store"},
        )

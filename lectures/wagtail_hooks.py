from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet
from wagtailmedia import get_media_model, get_permission_policy
from wagtailmedia.views import media as wagtailmedia_views

from . import recording_access
from .models import Speaker


class SpeakerViewSet(SnippetViewSet):
    """Speakers are shared: section editors choose and add them, only the association changes them."""

    model = Speaker
    icon = "user"
    menu_label = _("主讲人")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["name", "title", "affiliation"]
    search_fields = ["name", "affiliation"]


register_snippet(SpeakerViewSet)


@hooks.register("register_admin_urls")
def guard_media_usage():
    """
    wagtailmedia 0.19.1's usage view checks only that the user may add media
    somewhere, so any section editor could read the title (and usage) of another
    section's video. This route comes first and checks the video itself, as the
    edit view does, before handing over.
    """
    return [path("media/usage/<int:media_id>/", checked_media_usage, name="lectures_media_usage")]


def checked_media_usage(request, media_id):
    media = get_object_or_404(get_media_model(), pk=media_id)
    policy = get_permission_policy()
    if not policy.user_has_any_permission_for_instance(request.user, ["change", "delete"], media):
        return permission_denied(request)
    return wagtailmedia_views.usage(request, media_id)


# Captions and slides of lectures nobody may see yet are not served to others (lectures.recording_access).
hooks.register("before_serve_document", recording_access.hide_unpublished_document)

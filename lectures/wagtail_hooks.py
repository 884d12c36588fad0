from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

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

"""The admin's menu for the snippets clarifications need during an incident."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import Expert, Incident


class IncidentViewSet(SnippetViewSet):
    model = Incident
    icon = "warning"
    menu_label = _("突发事件")
    list_display = ["name", "kind", "start_date", "end_date"]
    list_filter = ["kind"]
    search_fields = ["name"]


class ExpertViewSet(SnippetViewSet):
    model = Expert
    icon = "user"
    menu_label = _("专家")
    list_display = ["name", "title", "organisation"]
    search_fields = ["name", "organisation"]


class ClarificationSnippets(SnippetViewSetGroup):
    items = (IncidentViewSet, ExpertViewSet)
    menu_icon = "help"
    menu_label = _("应急科普资料")
    menu_name = "clarification-snippets"


register_snippet(ClarificationSnippets)


@hooks.register("register_admin_urls")
def register_draft_clarification():
    from .views_admin import draft_clarification

    return [path("clarifications/draft/", draft_clarification, name="articles_draft_clarification")]

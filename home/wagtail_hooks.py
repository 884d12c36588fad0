from functools import reduce
from operator import or_

from django.db.models import F, Q
from django.http import JsonResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import GroupPagePermission, Page

from .deliveries import Delivery
from .synonyms import SearchSynonym


def editable_roots(user):
    """Paths of the pages where the user's groups hold any page permission."""
    return list(
        GroupPagePermission.objects.filter(group__user=user).values_list("page__path", flat=True).distinct()
    )


@hooks.register("construct_page_chooser_queryset")
def hide_other_sections_unpublished_pages(pages, request):
    """
    The page chooser lists every page, by its *draft* title, to anyone who can
    edit anything: an editor of one section could read the titles of another
    section's drafts (found by tests/security/test_section_isolation.py).
    Outside the subtrees a person may edit, offer only live pages whose draft
    has not changed the title.

    Only filter fields Wagtail indexes (path, live, id) are used, because the
    chooser's search runs this queryset through the search backend.
    """
    user = request.user
    if user.is_superuser:
        return pages
    roots = editable_roots(user)
    own = reduce(or_, (Q(path__startswith=path) for path in roots), Q(pk__in=[]))
    retitled_drafts = list(
        Page.objects.filter(live=True)
        .exclude(draft_title=F("title"))
        .exclude(own)
        .values_list("pk", flat=True)
    )
    return pages.filter(own | (Q(live=True) & ~Q(pk__in=retitled_drafts)))


@hooks.register("construct_homepage_panels")
def add_section_dashboard(request, panels):
    from .dashboard import (
        LateTasksPanel,
        SectionDashboardPanel,
        late_tasks,
        sections_of,
        warm_group_approval_checks,
    )

    warm_group_approval_checks(request.user)
    if request.user.is_superuser and (waiting := late_tasks()):
        panels.append(LateTasksPanel(waiting))
    sections = list(sections_of(request.user)) if not request.user.is_superuser else []
    if sections:
        panels.append(SectionDashboardPanel(sections))


class DeliveryViewSet(ModelViewSet):
    """
    对外推送: every webhook and CDN purge and whether it arrived, for the
    association's approvers and duty experts (view permission only; the task
    worker is the only writer).
    """

    model = Delivery
    icon = "resubmit"
    menu_label = _("对外推送")
    menu_order = 900
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["event", "target", "status", "attempts", "created_at", "next_attempt_at", "delivered_at"]
    list_filter = ["kind", "status"]
    inspect_view_fields = [
        "kind",
        "event",
        "target",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "payload",
    ]
    form_fields = []


@hooks.register("register_admin_viewset")
def register_delivery_viewset():
    return DeliveryViewSet("deliveries")


class SearchSynonymViewSet(ModelViewSet):
    """搜索同义词: the association's list, applied to every search from the next query on (home.questions)."""

    model = SearchSynonym
    icon = "search"
    menu_label = _("搜索同义词")
    menu_order = 910
    add_to_settings_menu = True
    list_display = ["__str__", "note"]
    search_fields = ["words", "note"]
    form_fields = ["words", "note"]


@hooks.register("register_admin_viewset")
def register_synonym_viewset():
    return SearchSynonymViewSet("search-synonyms")


# After Wagtail's own registrations (order 0), which this replaces.
@hooks.register("construct_admin_api", order=10)
def admin_api_lists_only_choosable_media(router):
    from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
    from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

    from .choosers import ChoosableOnlyMixin

    for name, base in [("images", ImagesAdminAPIViewSet), ("documents", DocumentsAdminAPIViewSet)]:
        router.register_endpoint(name, type(base.__name__, (ChoosableOnlyMixin, base), {}))


@hooks.register("before_create_page")
def only_a_press_creates_a_page(request, parent_page, page_class):
    """
    Wagtail's autosave posts the create form in the background and, only once its
    answer is back, points the form at the new page's edit view. An editor pressing
    提交审核, 保存草稿 or 发布 before that (a slow network, a busy server during an
    incident) posts the same form to the create view again, and our pinyin slugs
    ("-2") let the second through: two pages, one of them an orphan draft. So the
    create view takes no background saves; autosave starts on the edit view after
    the first press. invalid_revision is a code Wagtail's AutosaveController knows:
    it pauses autosave on this form and shows our message. It reads only the JSON,
    so the answer is a 200 saying success: false; a 4xx would also put an error in
    the browser console of every editor starting a page.
    """
    if request.method == "POST" and not request.accepts("text/html"):
        return JsonResponse(
            {
                "success": False,
                "error_code": "invalid_revision",
                "error_message": gettext("新页面请先按“保存草稿”或“提交审核”，之后的修改会自动保存。"),
            }
        )
    return None

"""The search report in the admin's Reports menu, and rising unanswered searches on the dashboard."""

from django.conf import settings
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import report

PERMISSION = "search.view_search_report"


class SearchReportView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "search/admin/report.html"
    page_title = _("搜索词")
    header_icon = "search"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(PERMISSION):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = [_("搜索次数"), _("无结果次数")]
        context["keep_days"] = settings.SEARCH_LOG_DAYS
        context["lists"] = [
            {
                "title": _("最近一小时上升的搜索词（与前 %(days)d 天同一时段平均相比）")
                % {"days": report.DAYS},
                "headings": [_("最近一小时"), _("其中无结果"), _("平时同一小时")],
                "rows": [
                    {"query": row["query"], "values": [row["searches"], row["unanswered"], row["usual"]]}
                    for row in report.rising()
                ],
            },
            {
                "title": _("没有结果的搜索词（近 %(days)d 天）") % {"days": report.DAYS},
                "headings": counts,
                "rows": _rows(report.unanswered()),
            },
            {
                "title": _("热门搜索词（近 %(days)d 天）") % {"days": report.DAYS},
                "headings": counts,
                "rows": _rows(report.top()),
            },
        ]
        return context


def _rows(rows):
    return [{"query": row["query"], "values": [row["searches"], row["unanswered"]]} for row in rows]


@hooks.register("register_admin_urls")
def register_search_report():
    return [path("reports/search/", SearchReportView.as_view(), name="search_report")]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(_("搜索词"), reverse("search_report"), icon_name="search", order=900)


class RisingSearchesPanel(Component):
    """
    正在上升的无结果搜索: for the people who answer rumours, each with a button
    that starts a clarification with the query as its claim.
    """

    name = "rising_searches"
    template_name = "search/admin/rising_panel.html"
    order = 40  # above the section panel: during an incident this comes first

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = self.rows
        context["report_url"] = reverse("search_report")
        return context


@hooks.register("construct_homepage_panels")
def add_rising_searches(request, panels):
    from articles.views_admin import can_draft_clarification

    if request.user.has_perm(PERMISSION) and can_draft_clarification(request.user):
        panels.append(RisingSearchesPanel(report.rising(only_unanswered=True, limit=8)))

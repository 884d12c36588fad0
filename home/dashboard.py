"""
The admin dashboard panel a section's people see first: their section's drafts,
what awaits review, what was sent back and why, and what is coming up.
"""

import datetime

from django.db.models import Count, IntegerField, Min, Q, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import GroupApprovalTask, Page, TaskState, WorkflowState, get_default_page_content_type

from .models import SectionPage

LIMIT = 8
# Feature apps register `(section, limit) -> dated items` under this hook for the panel's 即将举行.
UPCOMING_HOOK = "section_dashboard_upcoming"


def sections_of(user):
    """The sections whose groups the user is in (via the groups' page permissions)."""
    return SectionPage.objects.filter(group_permissions__group__user=user).distinct().order_by("title")


def _workflow_states(pages, status):
    page_ids = pages.values("pk")
    return (
        WorkflowState.objects.filter(
            base_content_type=get_default_page_content_type(),
            status=status,
        )
        .annotate(page_id=Cast("object_id", output_field=IntegerField()))
        .filter(page_id__in=Subquery(page_ids))
        .select_related("requested_by", "current_task_state__task")
        .order_by("-created_at")
    )


def warm_group_approval_checks(user):
    """
    Answer "is this user in the task's groups?" for every approval task in one query.

    Wagtail's "awaiting your review" panel asks it once per task, with one query
    each (TaskStateManager.reviewable_by); with a review task per section that
    was 200 queries on every editor's dashboard. Wagtail caches the answers on
    the user object under this attribute, so we fill the cache up front.
    """
    if user.is_superuser:
        return
    memberships = set(
        GroupApprovalTask.groups.through.objects.filter(group__user=user).values_list(
            "groupapprovaltask_id", flat=True
        )
    )
    task_ids = GroupApprovalTask.objects.values_list("pk", flat=True)
    user._group_approval_task_checks = {pk: pk in memberships for pk in task_ids}


class SectionDashboardPanel(Component):
    name = "section_dashboard"
    template_name = "home/admin/section_dashboard_panel.html"
    order = 50  # above Wagtail's own panels

    def __init__(self, sections):
        self.sections = sections

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["sections"] = [self.summary(section) for section in self.sections]
        return context

    def summary(self, section):
        pages = Page.objects.descendant_of(section, inclusive=True)
        in_review = list(_workflow_states(pages, WorkflowState.STATUS_IN_PROGRESS)[:LIMIT])
        sent_back = list(_workflow_states(pages, WorkflowState.STATUS_NEEDS_CHANGES)[:LIMIT])
        reviewing_ids = {state.page_id for state in in_review + sent_back}
        drafts = (
            pages.filter(has_unpublished_changes=True)
            .exclude(pk__in=reviewing_ids)
            .select_related("latest_revision__user")
            .order_by("-latest_revision_created_at")[:LIMIT]
        )
        titles = dict(Page.objects.filter(pk__in=reviewing_ids).values_list("pk", "draft_title"))
        rejections = {
            task_state.workflow_state_id: task_state
            for task_state in TaskState.objects.filter(
                workflow_state__in=[state.pk for state in sent_back],
                status=TaskState.STATUS_REJECTED,
            )
            .select_related("finished_by", "task")
            .order_by("finished_at")
        }
        return {
            "section": section,
            "drafts": drafts,
            "in_review": [(state, titles.get(state.page_id, "")) for state in in_review],
            "sent_back": [
                (state, titles.get(state.page_id, ""), rejections.get(state.pk)) for state in sent_back
            ],
            "upcoming": self.upcoming(section),
        }

    def upcoming(self, section):
        """The section's next dates, from the apps that keep dates (the calendars register one)."""
        return [item for hook in hooks.get_hooks(UPCOMING_HOOK) for item in hook(section, LIMIT)][:LIMIT]


# Tasks ready this long and not taken mean no worker is running (`manage.py db_worker`).
STALE_TASKS = datetime.timedelta(minutes=3)


def late_tasks():
    """
    How many queued tasks have waited STALE_TASKS or longer, and since when:
    None when none have, or when tasks do not queue in the database.
    """
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult, get_date_max

    if not isinstance(task_backends["default"], DatabaseBackend):
        return None
    due = timezone.now() - STALE_TASKS
    waiting = (
        DBTaskResult.objects.ready()
        .filter(enqueued_at__lte=due)
        .filter(Q(run_after=get_date_max()) | Q(run_after__lte=due))
        .aggregate(count=Count("pk"), since=Min("enqueued_at"))
    )
    return waiting if waiting["count"] else None


class LateTasksPanel(Component):
    """For the superuser: the task worker is not running, and what that delays."""

    name = "late_tasks"
    template_name = "home/admin/late_tasks_panel.html"
    order = 40

    def __init__(self, waiting):
        self.waiting = waiting

    def get_context_data(self, parent_context):
        return {"waiting": self.waiting}

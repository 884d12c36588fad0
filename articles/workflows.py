"""
The fast lane for emergency clarifications: one step, a duty expert's approval,
attached to the ClarificationIndexPage so every clarification under it uses it
instead of a section's two-step workflow. Built from Wagtail's own groups, page
permissions and workflows, like home.sections; safe to run again.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from home.sections import (
    EDITOR_PAGE_PERMISSIONS,
    MEDIA_PERMISSIONS,
    MODERATOR_PAGE_PERMISSIONS,
    association_groups,
)

CLARIFICATION_EDITORS = "Clarification editors"
FAST_LANE_TASK = "值班专家审核"
FAST_LANE_WORKFLOW = "应急科普快速通道"
COLLECTION = "应急科普"


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _grant(group, index, codenames, collection):
    group.permissions.add(_permission("wagtailadmin", "access_admin"))
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group, page=index, permission=_permission("wagtailcore", codename)
        )
    for app_label, codename in MEDIA_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=_permission(app_label, codename)
        )


@transaction.atomic
def setup_fast_lane(index):
    """
    Clarification editors draft under ``index`` and submit; duty experts edit and
    approve, and their approval publishes (home.permissions lets the reviewer who
    finished the workflow publish). Only duty experts and approvers may set the
    urgent flag (the ``set_urgent_clarification`` permission guards the fields).
    """
    approvers, duty_experts, _association_task = association_groups()
    editors, _created = Group.objects.get_or_create(name=CLARIFICATION_EDITORS)

    root = Collection.get_first_root_node()
    collection = root.get_children().filter(name=COLLECTION).first() or root.add_child(name=COLLECTION)
    _grant(editors, index, EDITOR_PAGE_PERMISSIONS, collection)
    _grant(duty_experts, index, MODERATOR_PAGE_PERMISSIONS, collection)
    # Incidents and experts are chosen (and, in a fast-moving incident, added) while writing.
    for model in ("incident", "expert"):
        for group, actions in [
            (editors, ["add", "change", "view"]),
            (duty_experts, ["add", "change", "delete", "view"]),
        ]:
            group.permissions.add(*[_permission("articles", f"{action}_{model}") for action in actions])
    set_urgent = _permission("articles", "set_urgent_clarification")
    duty_experts.permissions.add(set_urgent)
    approvers.permissions.add(set_urgent)

    task = GroupApprovalTask.objects.filter(name=FAST_LANE_TASK).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=FAST_LANE_TASK)
    task.groups.add(duty_experts)
    workflow, _created = Workflow.objects.get_or_create(name=FAST_LANE_WORKFLOW)
    WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=index, defaults={"workflow": workflow})
    return workflow

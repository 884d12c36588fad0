"""
The fast lane for emergency clarifications: one step, a duty expert's approval,
attached to the ClarificationIndexPage so every clarification under it uses it
instead of a section's two-step workflow. Built from Wagtail's own groups, page
permissions and workflows, like home.sections; safe to run again.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from home.sections import (
    EDITOR_PAGE_PERMISSIONS,
    MODERATOR_PAGE_PERMISSIONS,
    approval_task,
    assign_workflow,
    association_groups,
    grant_editing,
    permission,
    top_collection,
)

CLARIFICATION_EDITORS = "Clarification editors"
FAST_LANE_TASK = "值班专家审核"
FAST_LANE_WORKFLOW = "应急科普快速通道"
COLLECTION = "应急科普"


@transaction.atomic
def setup_fast_lane(index):
    """
    Clarification editors draft under ``index`` and submit; duty experts (or
    approvers) edit and approve in one press, and that approval publishes (home.permissions lets the reviewer who
    finished the workflow publish). Only duty experts and approvers may set the
    urgent flag (the ``set_urgent_clarification`` permission guards the fields).
    """
    approvers, duty_experts, _association_task = association_groups()
    editors, _created = Group.objects.get_or_create(name=CLARIFICATION_EDITORS)

    collection = top_collection(COLLECTION)
    grant_editing(editors, index, EDITOR_PAGE_PERMISSIONS, collection)
    grant_editing(duty_experts, index, MODERATOR_PAGE_PERMISSIONS, collection)
    # Incidents and experts are chosen (and, in a fast-moving incident, added) while writing.
    for model in ("incident", "expert"):
        for group, actions in [
            (editors, ["add", "change", "view"]),
            (duty_experts, ["add", "change", "delete", "view"]),
        ]:
            group.permissions.add(*[permission("articles", f"{action}_{model}") for action in actions])
    # Searches that find nothing, climbing during an incident, are often a rumour's first sign (search.report).
    editors.permissions.add(permission("search", "view_search_report"))
    set_urgent = permission("articles", "set_urgent_clarification")
    duty_experts.permissions.add(set_urgent)
    approvers.permissions.add(set_urgent)

    # Approvers review in the fast lane too: outside the task's groups, Wagtail
    # would lock them out of a clarification for as long as it is in review.
    task = approval_task(FAST_LANE_TASK, duty_experts)
    task.groups.add(approvers)
    return assign_workflow(index, FAST_LANE_WORKFLOW, [task])

"""
Publishing under an approval workflow.

Section moderators hold Wagtail's "publish" permission in their subtree (they
need it to unpublish, reorder and lock), but Wagtail would then also let them
publish outright and skip the association's approval. Here, a page with a
workflow is published only by a superuser, an association approver, or the
person whose approval has just finished its workflow (Wagtail publishes the
approved revision as that person).
"""

from wagtail.models import PagePermissionTester, WorkflowState

APPROVERS = "Approvers"


def is_approver(user):
    # Cached on the user object: listings ask once per page.
    if not hasattr(user, "_kepu_is_approver"):
        user._kepu_is_approver = user.is_active and user.groups.filter(name=APPROVERS).exists()
    return user._kepu_is_approver


def just_approved_by(page, user):
    """True while publishing the revision this user's approval has just completed."""
    state = (
        WorkflowState.objects.for_instance(page)
        .select_related("current_task_state")
        .order_by("-created_at")
        .first()
    )
    if state is None or state.status != WorkflowState.STATUS_APPROVED:
        return False
    last_step = state.current_task_state
    return (
        last_step is not None
        and last_step.finished_by_id == user.pk
        and last_step.revision_id == page.latest_revision_id
    )


class WorkflowPermissionTester(PagePermissionTester):
    def _may_skip_workflow(self, workflow_page):
        return self.user.is_superuser or workflow_page.get_workflow() is None or is_approver(self.user)

    def can_publish(self):
        if not super().can_publish():
            return False
        return self._may_skip_workflow(self.page) or just_approved_by(self.page, self.user)

    def can_publish_subpage(self):
        # Creating and publishing a child in one go: the child would fall under this page's workflow.
        return super().can_publish_subpage() and self._may_skip_workflow(self.page)

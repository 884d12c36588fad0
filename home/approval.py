"""
Publishing what a workflow has just approved, as the person who approved it.

Kept apart from home.permissions because Wagtail imports
WAGTAIL_FINISH_WORKFLOW_ACTION while wagtail.models is still loading: this
module must not import Wagtail's models at the top.
"""

from contextvars import ContextVar

# (page id, user id) while Wagtail publishes a page whose workflow that user's approval just finished.
_publishing_approved = ContextVar("publishing_approved", default=None)


def publish_approved(workflow_state, user=None):
    """
    WAGTAIL_FINISH_WORKFLOW_ACTION: publish the page whose workflow has just
    been approved, as the approver, and only for the length of that publish.

    Wagtail publishes the latest revision, which is the reviewer's own when
    they edited the page (ticked 紧急置顶, say) and approved in one press: so
    the permission must follow the approval itself, not compare revisions
    (comparing refused exactly that flow, #11). Every path that approves goes
    through here: the edit view, the dashboard and the workflow action views.
    """
    from wagtail.workflows import publish_workflow_state

    page = workflow_state.content_object
    token = _publishing_approved.set((page.pk, user.pk if user else None))
    try:
        publish_workflow_state(workflow_state, user=user)
    finally:
        _publishing_approved.reset(token)


def just_approved_by(page, user):
    """True while publishing the page whose workflow this user's approval has just finished."""
    return _publishing_approved.get() == (page.pk, user.pk)

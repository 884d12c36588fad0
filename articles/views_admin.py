"""
起草科学解答: Wagtail's own create form for a clarification, with the claim
filled in from ``?claim=`` (the dashboard's rising searches link here). Nothing
is saved until the editor saves; the form posts to Wagtail's add view as usual.
"""

from django.http import Http404
from wagtail.admin.auth import permission_denied
from wagtail.admin.views.pages.create import CreateView

from home.filters import CONTROL_CHARACTERS

from .models import ClarificationIndexPage, ClarificationPage

CLAIM_LENGTH = ClarificationPage._meta.get_field("claim").max_length


def clarification_index_for(user):
    """The first clarification index the user may add to, or None."""
    for index in ClarificationIndexPage.objects.order_by("path"):
        if index.permissions_for_user(user).can_add_subpage():
            return index
    return None


def can_draft_clarification(user):
    return clarification_index_for(user) is not None


class ClaimCreateView(CreateView):
    def get(self, request):
        claim = CONTROL_CHARACTERS.sub("", request.GET.get("claim", "")).strip()[:CLAIM_LENGTH]
        self.page.claim = claim
        self.page.title = claim[:100]
        return super().get(request)


def draft_clarification(request):
    index = clarification_index_for(request.user)
    if index is None:
        if not ClarificationIndexPage.objects.exists():
            raise Http404
        return permission_denied(request)
    return ClaimCreateView.as_view()(request, "articles", "clarificationpage", index.pk)

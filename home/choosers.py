"""
Only media you may choose can be put on a page.

Wagtail's choosers list only what a user may choose, but the page form accepts
any image, document or video id posted to it: an editor of one section could
put another section's unpublished video or caption file on their own page (and
publish its content) by editing the form data. The page editor's form checks
every chosen item that changed, in the page and in its inline panels.
"""

from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry

# What allows a user to pick an item of each kind. wagtailmedia has no "choose":
# its chooser lists the items one may change or delete, so that is the test.
CHOOSE_ACTIONS = {"image": ["choose"], "document": ["choose"], "media": ["change", "delete"]}


def _kinds():
    kinds = {get_image_model(): "image", get_document_model(): "document"}
    try:
        from wagtailmedia import get_media_model

        kinds[get_media_model()] = "media"
    except ImportError:  # pragma: no cover - wagtailmedia is a requirement, kept optional here
        pass
    return kinds


def check_chosen_items(form, user):
    """Add an error to each changed chooser field of ``form`` whose item ``user`` may not choose."""
    if user is None or user.is_superuser or not hasattr(form, "cleaned_data"):
        return
    kinds = _kinds()
    for name, field in form.fields.items():
        if not isinstance(field, ModelChoiceField) or name not in form.changed_data:
            continue
        kind = kinds.get(field.queryset.model)
        item = form.cleaned_data.get(name)
        if kind is None or item is None:
            continue
        policy = policy_registry.get_by_type(type(item))
        if not policy.user_has_any_permission_for_instance(user, CHOOSE_ACTIONS[kind], item):
            form.add_error(name, _("你没有权限使用这个文件，请从媒体库中重新选择。"))


def choosable(model, user):
    """The items of ``model`` (an image, document or video model) that ``user`` may pick."""
    policy = policy_registry.get_by_type(model)
    return policy.instances_user_has_any_permission_for(user, CHOOSE_ACTIONS[_kinds()[model]])


class ChoosableOnlyMixin:
    """
    For Wagtail's admin API image and document endpoints, which list every item
    outside private collections: an editor's search there found another
    section's unpublished images and caption files by title.
    """

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.filter(pk__in=choosable(queryset.model, self.request.user).values("pk"))

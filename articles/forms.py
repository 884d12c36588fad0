"""The clarification editor's form: only duty experts and approvers may set the urgent fields."""

from django.utils.translation import gettext_lazy as _

from home.forms import BasePageForm

SET_URGENT = "articles.set_urgent_clarification"
URGENT_FIELDS = ("urgent", "urgent_until")


class ClarificationPageForm(BasePageForm):
    """
    For anyone without the ``set_urgent_clarification`` permission the urgent
    fields are shown but disabled, so Django ignores whatever is posted for them
    and keeps the saved values; this holds for the admin and for the v3 API,
    which builds its write forms from this class. (A FieldPanel ``permission``
    would drop the fields instead, which the v3 API's narrowed forms trip over
    with a KeyError.)
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        if user is None or not user.has_perm(SET_URGENT):
            for name in URGENT_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _("只有值班专家和市科协审核人可以设置紧急置顶。")

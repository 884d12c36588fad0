"""The clarification editor's form: only duty experts and approvers may set the urgent fields."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from home.forms import BasePageForm

SET_URGENT = "articles.set_urgent_clarification"
URGENT_FIELDS = ("urgent", "urgent_until")
# An urgent answer holds the banner on every page; a week is the longest an incident keeps it without review.
LONGEST_URGENCY = datetime.timedelta(days=7)


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

    def clean(self):
        cleaned_data = super().clean()
        # Checked only when someone sets them: an old answer whose urgency has
        # lapsed must stay editable without touching its (past) expiry.
        until = cleaned_data.get("urgent_until")
        if cleaned_data.get("urgent") and self._urgency_changed(until):
            now = timezone.now()
            if until is not None and until <= now:
                self.add_error("urgent_until", _("置顶截止时间已经过去，请设为将来的时间。"))
            elif until is not None and until > now + LONGEST_URGENCY:
                self.add_error(
                    "urgent_until",
                    _("置顶最长 7 天（到 %(latest)s 为止）；事件持续时请到期前复核后再延长。")
                    % {"latest": timezone.localtime(now + LONGEST_URGENCY).strftime("%Y-%m-%d %H:%M")},
                )
        return cleaned_data

    def _urgency_changed(self, until):
        """Newly ticked, or a new expiry: the widget shows minutes, so seconds never count as a change."""
        saved = self.instance.urgent_until
        if not self.instance.urgent or saved is None or until is None:
            return True
        return abs(until - saved) >= datetime.timedelta(minutes=1)

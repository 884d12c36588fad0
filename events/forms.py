"""The event editor's form: per-date changes must name a date the schedule has."""

from django.utils.translation import gettext_lazy as _

from home.forms import BasePageForm


class EventPageForm(BasePageForm):
    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("date_changes")
        if formset is None or self.errors or not formset.is_valid():
            return cleaned_data
        # The schedule as the editor has just typed it, not as it was saved.
        schedule = type(self.instance)(
            **{
                name: cleaned_data.get(name)
                for name in ("start", "end", "all_day", "repeat", "repeat_interval", "repeat_weekdays")
                + ("repeat_count", "repeat_until")
            }
        )
        seen = set()
        for form in formset.forms:
            if not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            day = form.cleaned_data.get("date")
            if day is None:
                continue
            if day in seen:
                form.add_error("date", _("这个日期已经有一条变更。"))
            elif not schedule.produces(day):
                form.add_error("date", _("%(day)s 不是这个活动的日期，请核对重复规则。") % {"day": day})
            seen.add(day)
        if any(form.errors for form in formset.forms):
            self.add_error(None, _("个别日期的变更有误，请看下方提示。"))
        return cleaned_data

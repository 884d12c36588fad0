import re

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The notice people agree to. Change CONSENT_VERSION whenever the text changes:
# each registration records the version it was given, and when.
CONSENT_VERSION = "2026-11"
CONSENT_TEXT = _(
    "我同意主办单位收集我的姓名、手机号（以及选填的电子邮箱），仅用于本场活动的报名确认、"
    "变更通知和现场签到，不用于其他用途，不提供给第三方；活动结束 %(days)s 天后删除。"
)

MOBILE = re.compile(r"^1[3-9]\d{9}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
FORMULA_STARTS = "=+-@"


def consent_text():
    return CONSENT_TEXT % {"days": settings.REGISTRATION_RETENTION_DAYS}


class SignupForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=40, error_messages={"required": _("请填写姓名。")})
    phone = forms.CharField(
        label=_("手机号"),
        max_length=20,
        error_messages={"required": _("请填写手机号。")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱（选填）"), required=False, help_text=_("填写后也会收到确认和变更通知邮件。")
    )
    party_size = forms.TypedChoiceField(label=_("人数"), coerce=int)
    consent = forms.BooleanField(
        label=consent_text, error_messages={"required": _("请阅读并同意个人信息使用说明。")}
    )
    # Hidden from people (CSS and aria-hidden); a bot filling every field fills this one too.
    website = forms.CharField(required=False, label=_("请勿填写此项"))

    def __init__(self, *args, seats_per_person=1, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"].choices = [
            (n, _("%(n)s 人") % {"n": n}) for n in range(1, seats_per_person + 1)
        ]
        self.fields["consent"].label = consent_text()
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_name(self):
        name = CONTROL.sub("", self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("请填写姓名。"))
        if name[0] in FORMULA_STARTS:
            # Organisers open the exported list in Excel, which would run it as a formula.
            raise forms.ValidationError(_("姓名不能以 = + - @ 开头。"))
        return name

    def clean_phone(self):
        phone = re.sub(r"[\s-]", "", self.cleaned_data["phone"]).removeprefix("+86")
        if not MOBILE.match(phone):
            raise forms.ValidationError(_("请填写 11 位手机号码，例如 13800138000。"))
        return phone

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.blocks.base import BlockField

from .choosers import check_chosen_items


class BasePageForm(WagtailAdminPageForm):
    """The page editor's form: the slug may be left empty and becomes the title's pinyin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._incomplete = self._complete_stream_data()
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "网址中的页面名称，只能用英文字母、数字和连字符。留空时自动使用标题的拼音，例如 重庆 → chong-qing。"
            )

    def _complete_stream_data(self):
        """
        A StreamField posted without its ``-count`` (a hand-crafted or truncated
        POST) made Wagtail raise KeyError: a 500. Fill in an empty stream so the
        form can render, and refuse the whole form so nothing is saved.
        """
        if not self.is_bound:
            return []
        missing = [
            name
            for name, field in self.fields.items()
            if isinstance(field, BlockField) and f"{self.add_prefix(name)}-count" not in self.data
        ]
        if missing:
            self.data = self.data.copy()
            for name in missing:
                self.data[f"{self.add_prefix(name)}-count"] = "0"
        return missing

    def clean(self):
        cleaned_data = super().clean()
        if self._incomplete:
            raise forms.ValidationError(
                _("提交的内容不完整（页面可能没有完全加载），没有保存。请刷新编辑页面后再试。")
            )
        check_chosen_items(self, self.for_user)
        for formset in self.formsets.values():
            formset.is_valid()  # inline panels are cleaned after the page form; clean them now
            for form in formset.forms:
                check_chosen_items(form, self.for_user)
        return cleaned_data


class LoginForm(WagtailLoginForm):
    """
    WAGTAILADMIN_USER_LOGIN_FORM: Wagtail's login form, with its password field
    labelled (Wagtail gives it none, so every editor's first screen said "Password")
    and its refusal in a sentence (Wagtail's zh_Hans reads 用户 用户名 密码不匹配).
    """

    password = forms.CharField(
        label=_("密码"), widget=forms.PasswordInput(attrs={"placeholder": _("输入密码")}), strip=False
    )
    error_messages = {
        **WagtailLoginForm.error_messages,
        "invalid_login": _("用户名或密码不正确，请重试。"),
    }

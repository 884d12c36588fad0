from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from .choosers import check_chosen_items


class BasePageForm(WagtailAdminPageForm):
    """The page editor's form: the slug may be left empty and becomes the title's pinyin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "网址中的页面名称，只能用英文字母、数字和连字符。留空时自动使用标题的拼音，例如 重庆 → chong-qing。"
            )

    def clean(self):
        cleaned_data = super().clean()
        check_chosen_items(self, self.for_user)
        for formset in self.formsets.values():
            formset.is_valid()  # inline panels are cleaned after the page form; clean them now
            for form in formset.forms:
                check_chosen_items(form, self.for_user)
        return cleaned_data

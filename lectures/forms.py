"""The lecture editor's form: caption tracks checked against the video and each other."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from events.forms import EventPageForm

from .captions import read_cues


class LecturePageForm(EventPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        captions = self.formsets.get("captions")
        if captions is not None:
            for form in [*captions.forms, captions.empty_form]:
                form.fields["language"].error_messages["required"] = _("请为这条字幕选择语言。")
                form.fields["document"].error_messages["required"] = _("请选择或上传字幕文件（.vtt）。")

    def clean(self):
        cleaned_data = super().clean()
        captions = self.formsets.get("captions")
        if captions is None or not captions.is_valid():
            return cleaned_data
        kept = [form for form in captions.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if kept and not cleaned_data.get("video"):
            self.add_error("video", _("添加字幕前，请先选择讲座视频。"))
        languages = set()
        for form in kept:
            language, document = form.cleaned_data.get("language"), form.cleaned_data.get("document")
            # Checked here too because Wagtail does not require fields when a draft is saved,
            # and a track with no language or no file is broken, not unfinished.
            if not language:
                form.add_error("language", _("请为这条字幕选择语言。"))
            if document is None:
                form.add_error("document", _("请选择或上传字幕文件（.vtt）。"))
            if language and language in languages:
                form.add_error("language", _("这种语言的字幕已经有一条了。"))
            languages.add(language)
            if document is not None:
                # A document chosen from the library may be any file, not only a checked upload.
                try:
                    with document.file.open("rb") as file:
                        read_cues(file)
                except (ValidationError, OSError) as error:
                    messages = getattr(error, "messages", [_("字幕文件无法读取。")])
                    form.add_error("document", messages)
        if any(form.errors for form in captions.forms):
            self.add_error(None, _("字幕有误，请看下方提示。"))
        return cleaned_data

    def save(self, commit=True):
        # The captions formset is applied to the page only now, so read the
        # transcript from the tracks as the editor left them.
        page = super().save(commit=False)
        page.refresh_transcript()
        if commit:
            page.save()
            self.save_m2m()
        return page

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("搜索")

    def ready(self):
        from wagtail.signals import page_published

        from .chinese import add_words

        def learn_names(sender, instance, **kwargs):
            # A newly published section, festival or series name becomes one word.
            words = getattr(instance.specific, "search_dictionary_words", None)
            if words:
                add_words(words())

        page_published.connect(learn_names, dispatch_uid="search.learn_names")

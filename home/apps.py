from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("站点与栏目")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from .chinese import segment_index_of

        segment_index_of(get_image_model())
        segment_index_of(get_document_model())

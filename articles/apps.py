from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """Science articles and emergency science clarifications."""

    name = "articles"
    verbose_name = _("文章与应急科普")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from home.content_version import register_schedule

        from .signal_handlers import register_signal_handlers
        from .urgent import next_expiry

        register_signal_handlers()
        register_schedule(next_expiry)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("站点与栏目")

    def ready(self):
        from . import checks  # noqa: F401  (registers the deployment checks)
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "registrations"
    verbose_name = _("活动报名")

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

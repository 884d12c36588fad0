from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LecturesConfig(AppConfig):
    """The Capital Science Lecture series, lectures, speakers and videos."""

    name = "lectures"
    verbose_name = _("讲座")

    def ready(self):
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()

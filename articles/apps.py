from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """Science articles and emergency science clarifications."""

    name = "articles"
    verbose_name = _("文章与应急科普")

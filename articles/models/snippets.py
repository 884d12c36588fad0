"""Snippets shared by articles and clarifications (registered in wagtail_hooks): experts and incidents."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.search import index

from home.chinese import SegmentedIndexMixin


class Expert(SegmentedIndexMixin, index.Indexed, models.Model):
    """A scientist who reviews articles or is consulted on a clarification."""

    name = models.CharField(_("姓名"), max_length=60)
    title = models.CharField(_("职称"), max_length=60, blank=True, help_text=_("例如：研究员、主任医师"))
    organisation = models.CharField(_("单位"), max_length=120, blank=True)

    panels = ["name", "title", "organisation"]
    # Found by name or by where they work (中国地震局, 北京协和医院).
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
    ]

    class Meta:
        verbose_name = _("专家")
        verbose_name_plural = _("专家")
        ordering = ["name"]

    def __str__(self):
        return " · ".join(part for part in [self.name, self.title, self.organisation] if part)


class Incident(SegmentedIndexMixin, index.Indexed, models.Model):
    """An emergency (an earthquake, a food scare) during which rumours are clarified together."""

    class Kind(models.TextChoices):
        EARTHQUAKE = "earthquake", _("地震")
        WEATHER = "weather", _("极端天气")
        FOOD = "food", _("食品安全")
        HEALTH = "health", _("公共卫生")
        ACCIDENT = "accident", _("事故灾难")
        OTHER = "other", _("其他")

    name = models.CharField(_("名称"), max_length=80, help_text=_("例如：2026年11月某地地震"))
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"), null=True, blank=True, help_text=_("事件仍在持续时留空。"))
    summary = models.TextField(_("简介"), blank=True, max_length=300)

    panels = ["name", "kind", "start_date", "end_date", "summary"]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = _("突发事件")
        verbose_name_plural = _("突发事件")
        ordering = ["-start_date", "name"]

    def __str__(self):
        return self.name

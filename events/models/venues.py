"""Places where events happen, kept as snippets so many pages can share one."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from home.chinese import DictionaryWordsMixin, SegmentedIndexMixin


class District(models.TextChoices):
    """Beijing's sixteen districts, so visitors can ask for what is on near them."""

    DONGCHENG = "dongcheng", _("东城区")
    XICHENG = "xicheng", _("西城区")
    CHAOYANG = "chaoyang", _("朝阳区")
    FENGTAI = "fengtai", _("丰台区")
    SHIJINGSHAN = "shijingshan", _("石景山区")
    HAIDIAN = "haidian", _("海淀区")
    MENTOUGOU = "mentougou", _("门头沟区")
    FANGSHAN = "fangshan", _("房山区")
    TONGZHOU = "tongzhou", _("通州区")
    SHUNYI = "shunyi", _("顺义区")
    CHANGPING = "changping", _("昌平区")
    DAXING = "daxing", _("大兴区")
    HUAIROU = "huairou", _("怀柔区")
    PINGGU = "pinggu", _("平谷区")
    MIYUN = "miyun", _("密云区")
    YANQING = "yanqing", _("延庆区")


@register_snippet
class Venue(DictionaryWordsMixin, SegmentedIndexMixin, index.Indexed, models.Model):
    dictionary_fields = ("name",)

    name = models.CharField(_("名称"), max_length=120, unique=True)
    address = models.CharField(_("地址"), max_length=200)
    district = models.CharField(_("所在区"), max_length=20, choices=District.choices, db_index=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    transport = models.TextField(_("交通"), blank=True, help_text=_("地铁站、公交线路和停车信息。"))
    accessibility = models.TextField(_("无障碍设施"), blank=True, help_text=_("坡道、电梯、无障碍卫生间等。"))
    is_science_base = models.BooleanField(_("科普教育基地"), default=False)
    updated_at = models.DateTimeField(auto_now=True, editable=False)

    panels = [
        "name",
        "address",
        "district",
        FieldRowPanel(["latitude", "longitude"], heading=_("坐标")),
        MultiFieldPanel(["transport", "accessibility", "is_science_base"], heading=_("到达与设施")),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("address"),
        index.FilterField("district"),
    ]
    api_fields = [APIField(name) for name in ("name", "address", "district", "latitude", "longitude")]

    class Meta:
        verbose_name = _("场馆")
        verbose_name_plural = _("场馆")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def district_label(self):
        """
        The district's name. ``get_district_display()`` rebuilds the translated
        list of all sixteen districts on every call (29% of a festival page's
        render, ~3,500 translation lookups); this looks up one.
        """
        try:
            return District(self.district).label
        except ValueError:  # a district no longer on the list
            return self.district

    @property
    def has_geo(self):
        return self.latitude is not None and self.longitude is not None

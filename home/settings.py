"""Site-wide settings editors change in the admin: who we are, how to reach us, the footer."""

import copy

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Site

from .content_version import kept


class FooterLinkBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("链接文字"), max_length=40)
    page = blocks.PageChooserBlock(label=_("站内页面"), required=False)
    url = blocks.URLBlock(label=_("外部链接"), required=False)

    class Meta:
        icon = "link"
        label = _("页脚链接")


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    association_name = models.CharField(_("机构全称"), max_length=100, default="北京市科学技术协会")
    short_name = models.CharField(_("简称"), max_length=40, default="北京市科协")
    tagline = models.CharField(_("口号"), max_length=120, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    footer_text = models.TextField(_("页脚说明"), blank=True)
    icp_number = models.CharField(
        _("ICP备案号"), max_length=60, blank=True, help_text=_("例如：京ICP备12345678号")
    )
    footer_links = StreamField([("link", FooterLinkBlock())], verbose_name=_("页脚链接"), blank=True)

    @classmethod
    def for_request(cls, request):
        """
        Wagtail's, from a copy of the site's settings kept until they or a page
        change (home.sites), instead of a query on every page.
        """
        attr_name = cls.get_cache_attr_name()
        site = Site.find_for_request(request)
        if site is None:
            return super().for_request(request)
        if not hasattr(request, attr_name):
            site_settings = copy.copy(kept(("site-settings", site.pk), lambda: cls.for_site(site)))
            site_settings._request = request  # Wagtail's links from settings, relative to the request's site
            setattr(request, attr_name, site_settings)
        return getattr(request, attr_name)

    panels = [
        MultiFieldPanel(["association_name", "short_name", "tagline"], heading=_("机构")),
        MultiFieldPanel(["address", "phone", "email"], heading=_("联系方式")),
        MultiFieldPanel(
            [FieldPanel("footer_text"), FieldPanel("icp_number"), FieldPanel("footer_links")],
            heading=_("页脚"),
        ),
    ]

    class Meta:
        verbose_name = _("站点设置")

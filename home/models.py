"""
The site's skeleton: the home page, the sections (societies, districts and
grassroots organisations) with their own subtrees, and a standard content page.

Every page type of the platform extends ``BasePage`` so summaries, listing images
and pinyin slugs behave the same everywhere.
"""

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from . import content_version, renditions, routing
from .api import ImagesOut, images_out, typed
from .blocks import BaseStreamBlock
from .chinese import DictionaryWordsMixin, SegmentedIndexMixin
from .content_version import ContentVersion  # noqa: F401  (registers the model)
from .deliveries import Delivery  # noqa: F401  (registers the model)
from .forms import BasePageForm
from .fragments import Drawable
from .permissions import WorkflowPermissionTester
from .readable import ReadableText  # noqa: F401  (registers the model)
from .settings import SiteSettings  # noqa: F401  (registers the setting model)
from .slugs import PinyinSlugMixin
from .synonyms import SearchSynonym  # noqa: F401  (registers the model)
from .visibility import VisiblePageManager, pages


class BasePage(PinyinSlugMixin, SegmentedIndexMixin, DictionaryWordsMixin, Page):
    """Fields every page shares: a summary and an image for listings and cards."""

    summary = models.TextField(
        _("摘要"),
        blank=True,
        max_length=300,
        help_text=_("一两句话，显示在列表、卡片和搜索结果中。"),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("列表图片"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("在列表和分享卡片中代表本页的图片。"),
    )

    base_form_class = BasePageForm
    objects = VisiblePageManager()

    content_panels = Page.content_panels + ["summary"]
    promote_panels = Page.promote_panels + ["listing_image"]
    search_fields = Page.search_fields + [index.SearchField("summary")]
    api_fields = [
        APIField("summary"),
        APIField("listing_image"),
        # Absolute rendition URLs of the listing image in the sizes apps show (home.api).
        APIField("images", serializer=typed(ImagesOut)),
    ]

    class Meta:
        abstract = True

    def permissions_for_user(self, user):
        return WorkflowPermissionTester(user, self)

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        return routing.route(self, request, path_components)

    def get_view_restrictions(self):
        return routing.view_restrictions(self)

    def topics(self):
        """The page's tags (page types with a ``tags`` field), kept until a publish for the live page."""
        return routing.kept_with_page(self, "topics", lambda: list(self.tags.all()))

    @property
    def images(self):
        site = self.get_site()
        return images_out(self.listing_image, (site.root_url if site else "") + "/")

    def pictures(self):
        """
        (image, spec pattern) for each size this page's templates, API, feeds and
        JSON-LD show, made when it is published (home.renditions); page types with
        pictures of their own add theirs.
        """
        shown = [(self.listing_image, pattern) for pattern in renditions.LISTING]
        for field in self._meta.get_fields():
            if isinstance(field, StreamField):
                images = renditions.figures(getattr(self, field.name))
                shown += [(image, renditions.FIGURE) for image in images]
        return shown


class HomePage(BasePage):
    page_description = _("网站首页：近期活动、最新讲座和文章、紧急辟谣。整个网站只有一个。")

    hero_title = models.CharField(_("主标题"), max_length=120, blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"), blank=True)

    content_panels = BasePage.content_panels + ["hero_title", "body"]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("hero_title"), APIField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = _("首页")
        verbose_name_plural = _("首页")

    def sections(self):
        return SectionPage.objects.live().public().descendant_of(self).order_by("kind", "title")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # What's on and the latest recordings come from the calendars' and lectures'
        # template tags (upcoming_dates, recent_lectures): home imports no feature app.
        # The logos' sizes in one query, not a cache or database lookup per card; kept
        # until a publish or a picture changes (home.signal_handlers).
        context["sections"] = content_version.kept(
            ("home-sections", self.pk),
            lambda: list(self.sections().select_related("logo").prefetch_related("logo__renditions")),
        )
        return context


def with_summary(pages):
    """
    Pages of any type with their ``summary`` (kept in each type's own table) read in
    the same statement: ``.specific()`` takes a query per page type in the list.
    """
    summaries = [
        Subquery(model.objects.filter(pk=OuterRef("pk")).values("summary")[:1])
        for model in apps.get_models()
        if issubclass(model, BasePage)
    ]
    return pages.annotate(summary=Coalesce(*summaries, Value(""), output_field=models.TextField()))


def section_of(page):
    """The section a page belongs to: its nearest SectionPage ancestor, or None."""
    return SectionPage.objects.ancestor_of(page).order_by("-depth").first()


class SectionOwned(models.Model):
    """
    A page that belongs to the section above it (events, lectures, tours,
    articles). The section is stored, so listings filter sections with a column
    rather than the tree; it is derived on save and, when the page or an
    ancestor moves, by home.signal_handlers.
    """

    section = models.ForeignKey(
        "home.SectionPage",
        verbose_name=_("所属栏目"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("由页面所在的栏目自动确定。"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Wagtail's draft saves name their fields and leave the section out.
        update_fields = kwargs.get("update_fields")
        if self.path and (update_fields is None or "section" in update_fields):
            self.section = section_of(self)
        super().save(*args, **kwargs)


class SectionIndexPage(BasePage):
    """Lists the sections: member societies, district associations, grassroots."""

    page_description = _("列出同一类的所有学会或区县科协。")

    intro = StreamField(BaseStreamBlock(), verbose_name=_("介绍"), blank=True)

    content_panels = BasePage.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.SectionPage"]

    class Meta:
        verbose_name = _("栏目索引页")
        verbose_name_plural = _("栏目索引页")

    def sections(self):
        return SectionPage.objects.child_of(self).live().public().select_related("logo").order_by("title")

    def sections_by_kind(self):
        """[(kind's label, [section, …]), …] for the kinds that have sections."""
        sections = list(self.sections())
        return Drawable(
            (label, [section for section in sections if section.kind == kind])
            for kind, label in SectionPage.Kind.choices
            if any(section.kind == kind for section in sections)
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Kept and drawn once until a publish ({% kept_cards %}): ~190 societies in production.
        context["sections_by_kind"] = routing.kept_with_page(self, "sections-by-kind", self.sections_by_kind)
        return context


class SectionPage(BasePage):
    """
    One organisation's part of the site. Its editors' page permissions, media
    collection and approval workflow are all attached here (see home.sections).
    """

    page_description = _("一个学会、区县科协或基层组织的主页，下面放它自己的活动、讲座和文章。")

    class Kind(models.TextChoices):
        SOCIETY = "society", _("学会")
        DISTRICT = "district", _("区科协")
        GRASSROOTS = "grassroots", _("基层组织")

    dictionary_fields = ("title", "short_name")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, db_index=True)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("标志"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("介绍"), blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("电话"), max_length=40, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    website = models.URLField(_("网站"), blank=True)

    content_panels = BasePage.content_panels + [
        "kind",
        "short_name",
        "logo",
        "body",
        MultiFieldPanel(["address", "phone", "email", "website"], heading=_("联系方式")),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("short_name"),
        index.SearchField("body"),
        index.FilterField("kind"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("kind"),
        APIField("short_name"),
        APIField("logo"),
        APIField("body"),
        APIField("address"),
        APIField("phone"),
        APIField("email"),
        APIField("website"),
    ]

    parent_page_types = ["home.SectionIndexPage"]
    # What a society or district publishes in its own part of the tree.
    subpage_types = [
        "home.StandardPage",
        "events.EventPage",
        "events.TourPage",
        "lectures.LectureSeriesPage",
        "lectures.LecturePage",
        "articles.ArticlePage",
    ]

    class Meta:
        verbose_name = _("栏目（学会/区科协）")
        verbose_name_plural = _("栏目（学会/区科协）")

    def clean(self):
        super().clean()
        # A section's slug names its accounts (<slug>-editor) and commands, so it
        # must be unique across all sections, not only among its siblings.
        clash = SectionPage.objects.filter(slug=self.slug).exclude(pk=self.pk)
        if self.slug and clash.exists():
            raise ValidationError({"slug": _("已有栏目使用这个短名称，请换一个。")})

    @property
    def display_name(self):
        return self.short_name or self.title

    def pictures(self):
        # The logo on its own page (section_page.html) and on cards (section_card.html).
        logos = ["fill-{72x72,144x144} format-webp", "fill-{56x56,112x112} format-webp"]
        return super().pictures() + [(self.logo, pattern) for pattern in logos]

    def recent_pages(self, limit=6):
        """
        The section's latest pages of every type, each with its summary, in one
        query (a subquery per page type, costly to compile): kept until a publish.
        """

        def recent():
            latest = pages().live().public().descendant_of(self).order_by("-first_published_at")
            return list(with_summary(latest)[:limit])

        return content_version.kept(("section-recent", self.pk, limit), recent)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["recent_pages"] = self.recent_pages()
        return context


class StandardPage(BasePage):
    """A plain content page: about us, guides, notices."""

    page_description = _("一般的内容页面：关于我们、联系方式、说明等。")

    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"))

    content_panels = BasePage.content_panels + ["body"]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    api_fields = BasePage.api_fields + [APIField("body")]

    parent_page_types = ["home.HomePage", "home.SectionPage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("普通页面")
        verbose_name_plural = _("普通页面")

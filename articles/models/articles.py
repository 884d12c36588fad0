"""科普文章: science articles, written in a section or centrally, listed site-wide."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import path
from wagtail.fields import StreamField
from wagtail.search import index

from home.api import typed
from home.blocks import BaseStreamBlock
from home.content_version import until_published
from home.models import BasePage, SectionOwned
from home.routes import Routes

from ..reading import reading_minutes


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", related_name="tagged_items", on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("文章主题")
        verbose_name_plural = _("文章主题")


class ArticleIndexPage(Routes, BasePage):
    """
    科普文章: every live article on the site, filtered by ``?topic=<tag slug>``
    and ``?section=<section slug>``, with RSS, Atom and JSON feeds per filter.
    """

    page_description = _("全站科普文章列表：可按栏目和主题筛选、订阅。")

    intro = StreamField(BaseStreamBlock(), verbose_name=_("介绍"), blank=True)

    content_panels = BasePage.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["articles.ArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = _("科普文章索引页")
        verbose_name_plural = _("科普文章索引页")

    def get_cached_paths(self):
        feeds = [self.reverse_subpage("feed", args=[kind]) for kind in ("rss", "atom", "json")]
        return ["/", *feeds]

    @path("")
    def listing(self, request):
        from articles import views

        return views.article_index(request, self)

    @path("feed/<str:kind>/")
    def feed(self, request, kind):
        from articles import feeds

        return feeds.article_feed(request, self, kind)


class ArticlePage(SectionOwned, BasePage):
    page_description = _("一篇科普文章：作者、审核专家、正文和主题。")

    # Read with the page when it is served (home.routing): the reviewer in its byline and JSON-LD.
    shown_with = ("reviewer",)

    author = models.CharField(_("作者"), max_length=80)
    reviewer = models.ForeignKey(
        "articles.Expert",
        verbose_name=_("审核专家"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_articles",
        help_text=_("对本文科学性把关的专家。"),
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("正文"))
    tags = ClusterTaggableManager(
        verbose_name=_("主题"), through=ArticleTag, blank=True, help_text=_("例如：节能、生态、安全、健康")
    )
    reading_minutes = models.PositiveSmallIntegerField(_("阅读时间（分钟）"), default=1, editable=False)

    content_panels = BasePage.content_panels + ["author", "reviewer", "tags", "body"]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("author"),
        index.FilterField("section"),
    ]
    api_fields = BasePage.api_fields + [
        APIField("author"),
        APIField("reviewer_name", serializer=typed(str)),
        APIField("tag_names", serializer=typed(list[str])),
        APIField("section_slug", serializer=typed(str)),
        APIField("reading_minutes"),
        APIField("body"),
    ]

    parent_page_types = ["articles.ArticleIndexPage", "home.SectionPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("科普文章")
        verbose_name_plural = _("科普文章")

    def save(self, *args, **kwargs):
        # Derived on save, so listings show it without reading the body.
        self.reading_minutes = reading_minutes(self.body)
        super().save(*args, **kwargs)

    @property
    def reviewer_name(self):
        return str(self.reviewer) if self.reviewer else ""

    @property
    def tag_names(self):
        return [tag.name for tag in self.topics()]

    @property
    def section_slug(self):
        return self.section.slug if self.section else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["index"] = the_index()
        return context


@until_published
def the_index():
    """The site's article list, which an article's topics and section link into."""
    return ArticleIndexPage.objects.live().first()

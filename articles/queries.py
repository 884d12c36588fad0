"""The listings' querysets: live, public, without StreamField bodies, with what cards show."""

from django.db.models import Prefetch

from .models import ArticlePage, ArticleTag, ClarificationPage


def live_articles():
    return (
        ArticlePage.objects.live()
        .public()
        .defer_streamfields()
        .select_related("section", "reviewer")
        .prefetch_related(Prefetch("tagged_items", queryset=ArticleTag.objects.select_related("tag")))
        .order_by("-first_published_at", "-pk")
    )


def live_clarifications():
    return (
        ClarificationPage.objects.live()
        .public()
        .defer_streamfields()
        .select_related("incident")
        .urgent_first()
    )

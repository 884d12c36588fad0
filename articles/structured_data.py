"""schema.org JSON-LD: Article for articles, ClaimReview for clarifications."""

from django.utils import timezone

from home.api import IMAGE_SIZES
from home.structured_data import association, organization, person

from .models.clarifications import VERDICT_RATING


def _person(expert):
    return person(expert.name, expert.title, expert.organisation)


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


# An author named like these is an organisation (海淀区科协, 北京地震学会, 中国科技馆), not a person.
ORGANISATION_ENDINGS = ("协", "会", "馆", "局", "中心", "院", "所", "站", "部", "委", "办", "室", "团", "队")


def author(page):
    name = page.author.strip()
    is_section = page.section is not None and name in (page.section.title, page.section.short_name)
    if is_section or name.endswith(ORGANISATION_ENDINGS):
        return organization(name)
    return person(name)


def article_nodes(page, request):
    """The Article and the WebPage that carries it (schema.org puts reviewedBy on WebPage)."""
    url = page.get_full_url(request)
    node = {
        "@context": "https://schema.org",
        "@type": "Article",
        "@id": f"{url}#article",
        "headline": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": "zh-CN",
        "author": author(page),
        "datePublished": _iso(page.first_published_at),
        "dateModified": _iso(page.last_published_at or page.latest_revision_created_at),
        "publisher": association(request),
        "timeRequired": f"PT{page.reading_minutes}M",
        "keywords": page.tag_names,
    }
    if page.section:
        node["sourceOrganization"] = organization(page.section.title, page.section.get_full_url(request))
    if page.listing_image:
        node["image"] = [
            request.build_absolute_uri(page.listing_image.get_rendition(spec).url)
            for spec in IMAGE_SIZES.values()
        ]
    web_page = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": page.title,
        "inLanguage": "zh-CN",
        "mainEntity": {"@id": f"{url}#article"},
    }
    if page.reviewer:
        web_page["reviewedBy"] = _person(page.reviewer)
    return [node, web_page]


def claim_review_node(page, request):
    claim = {"@type": "Claim", "text": page.claim}
    if page.claim_seen_where:
        claim["appearance"] = {"@type": "CreativeWork", "name": page.claim_seen_where}
    if page.claim_first_seen:
        claim["firstAppearance"] = {
            "@type": "CreativeWork",
            "name": page.claim_seen_where or page.claim,
            "datePublished": page.claim_first_seen.isoformat(),
        }
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page.get_full_url(request),
        "claimReviewed": page.claim,
        "datePublished": _iso(page.first_published_at),
        "dateModified": _iso(page.last_published_at),
        "inLanguage": "zh-CN",
        "author": association(request),
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": VERDICT_RATING.get(page.verdict),
            "bestRating": 4,
            "worstRating": 1,
            "alternateName": page.get_verdict_display(),
        },
        "itemReviewed": claim,
    }

"""schema.org JSON-LD: Article for articles, ClaimReview for clarifications."""

from django.utils import timezone

from home.structured_data import association, person

from .models.clarifications import VERDICT_RATING


def _person(expert):
    return person(expert.name, expert.title, expert.organisation)


def _iso(moment):
    return timezone.localtime(moment).isoformat() if moment else None


def article_node(page, request):
    node = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": page.title,
        "description": page.summary,
        "url": page.get_full_url(request),
        "inLanguage": "zh-CN",
        "author": {"@type": "Person", "name": page.author},
        "datePublished": _iso(page.first_published_at),
        "dateModified": _iso(page.last_published_at or page.latest_revision_created_at),
        "publisher": association(request),
        "timeRequired": f"PT{page.reading_minutes}M",
        "keywords": page.tag_names,
    }
    if page.reviewer:
        node["reviewedBy"] = _person(page.reviewer)
    if page.section:
        node["sourceOrganization"] = {"@type": "Organization", "name": page.section.title}
    return node


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

"""Science articles and emergency clarifications; snippets they share (experts, incidents)."""

from .alerts import UrgentAlert
from .articles import ArticleIndexPage, ArticlePage, ArticleTag
from .clarifications import (
    ClarificationEvidence,
    ClarificationExpert,
    ClarificationIndexPage,
    ClarificationPage,
    ClarificationUpdate,
    Verdict,
)
from .snippets import Expert, Incident

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticleTag",
    "ClarificationEvidence",
    "ClarificationExpert",
    "ClarificationIndexPage",
    "ClarificationPage",
    "ClarificationUpdate",
    "Expert",
    "Incident",
    "UrgentAlert",
    "Verdict",
]

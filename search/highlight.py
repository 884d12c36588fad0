"""Snippets for search results with the matched words marked."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 90


def page_text(page):
    """The readable text a result is summarised from: summary, description, then body."""
    parts = [getattr(page, "summary", ""), page.search_description]
    body = getattr(page, "body", None)
    if body:
        parts.append(strip_tags(str(body)))
    return " ".join(part for part in parts if part).strip()


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first matched term, terms in <mark>."""
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    if not text:
        return ""
    if not terms:
        return escape(text[:length]) + ("…" if len(text) > length else "")
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    match = pattern.search(text)
    start = max(0, (match.start() if match else 0) - length // 3)
    end = min(len(text), start + length)
    window = text[start:end]
    marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", window)
    html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
    return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))


def highlight_title(title, terms):
    return snippet(title, terms, length=len(title) or 1)

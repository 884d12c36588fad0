"""Snippets for search results with the matched words marked."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

SNIPPET_LENGTH = 90


def snippet(text, terms, length=SNIPPET_LENGTH):
    """About `length` characters of `text` around the first matched term, terms in <mark>."""
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    if not text:
        return ""
    match = re.search("|".join(re.escape(term) for term in terms), text, re.IGNORECASE) if terms else None
    start = max(0, (match.start() if match else 0) - length // 3)
    end = min(len(text), start + length)
    html = _mark(text[start:end], terms)
    return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))


def _mark(text, terms):
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    if not terms:
        return escape(text)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE)
    marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", text)
    return escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")


def highlight_title(title, terms):
    """The whole title, matched words marked."""
    return mark_safe(_mark(title, terms))

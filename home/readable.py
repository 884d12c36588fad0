"""
What a search result quotes of each page: its readable text, written beside
the search index whenever the index reads the page (home.search_backend).

Drawing a page of results used to fetch each page as its own type and render
its body's blocks through their templates to find the text: for ten results of
four types, five queries over the types' wide rows and 7 ms, more than the
search itself. Read with the pages' titles, the text is one join. It is as new
as the index's entry for the page, which decided that the page is a result:
the index reads a page after each publish, and after a caption file changes
a lecture's transcript. A page indexed before this store existed has its text
found the old way once, and kept.

The index also reads pages never published (the admin searches drafts), so
this store holds their text too; it is read only for pages the search page
already shows, which are live and public.
"""

from django.db import models
from django.db.models import F
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class ReadableText(models.Model):
    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="readable")
    text = models.TextField(_("可读文字"), blank=True)

    class Meta:
        verbose_name = _("页面可读文字")
        verbose_name_plural = _("页面可读文字")

    def __str__(self):
        return self.text[:40]


def readable_text(page):
    """
    The readable text a result is summarised from: summary, description, then body,
    then whatever else a page type says it contains (``readable_text()``, e.g. a
    lecture's transcript), so the snippet can show where the words were found.
    """
    candidates = [getattr(page, "summary", ""), page.search_description]
    body = getattr(page, "body", None)
    if body:
        candidates.append(" ".join(strip_tags(str(body)).split()))
    if hasattr(page, "readable_text"):
        candidates.append(page.readable_text())
    text = ""
    for part in (" ".join((candidate or "").split()) for candidate in candidates):
        if not part or part in text:
            continue  # a section's body often repeats its summary
        text = part if text and text in part else f"{text} {part}".strip()
    return text


def keep(pages):
    """Write the readable text of ``pages`` as the index reads them (each as its own type); {pk: text}."""
    rows = [ReadableText(page_id=page.pk, text=readable_text(page)) for page in pages if _whole(page)]
    ReadableText.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["page"], update_fields=["text"]
    )
    return {row.page_id: row.text for row in rows}


def _whole(page):
    # The index may also read a page as a plain Page, which lacks its type's fields.
    return isinstance(page, Page) and page.pk is not None and type(page) is page.specific_class


# What a result shows of its page besides the text: its title, its address (from its
# path) and its kind. Only these are read: ten whole pages cost twice as much to read
# and make (1.0 ms against 0.5 on SQLite, 1.9 against 1.4 on PostgreSQL).
SHOWN = ("id", "title", "url_path", "content_type")


def with_text(ids):
    """{pk: (page, its readable text)} of the pages ``ids``: titles, addresses and text in one query."""
    shown = Page.objects.filter(pk__in=ids).order_by().only(*SHOWN)
    pages = {page.pk: page for page in shown.annotate(_readable=F("readable__text"))}
    unread = [pk for pk, page in pages.items() if page._readable is None]
    if unread:
        for pk, text in keep(Page.objects.filter(pk__in=unread).specific()).items():
            pages[pk]._readable = text
    return {pk: (page, page._readable) for pk, page in pages.items()}

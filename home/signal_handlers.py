"""
Keep derived columns and the content version true when pages and the records
they show change (wired in HomeConfig.ready).
"""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import content_version


def _stores_section(model):
    return any(field.name == "section" and not field.editable for field in model._meta.concrete_fields)


def pages_with_a_section(page):
    """The moved page and everything under it that stores the section it belongs to."""
    return [
        each
        for each in Page.objects.descendant_of(page, inclusive=True).specific()
        if _stores_section(type(each))
    ]


def on_moved(sender, instance, **kwargs):
    # Articles, events and lectures list by their section column: moving a page
    # (or a series with its lectures) to another section must move them in listings too.
    from .models import section_of

    for page in pages_with_a_section(instance):
        section = section_of(page)
        if page.section_id != (section.pk if section else None):
            type(page).objects.filter(pk=page.pk).update(section=section)


def on_content_changed(sender, **kwargs):
    # Every cached page may list, link or show the banner for what changed.
    content_version.bump()


def on_record_changed(sender, created=False, **kwargs):
    # A new record is on no page until a page that shows it is published.
    if not created:
        content_version.bump()


def follow_records(*models):
    """
    Records shown on public pages (venues, speakers, incidents, videos, site
    settings) change those pages when they are edited, without any page being
    published: feature apps name theirs here from their AppConfig.ready().
    """
    for model in models:
        label = model._meta.label_lower
        post_save.connect(on_record_changed, sender=model, dispatch_uid=f"home_version_saved_{label}")
        post_delete.connect(on_record_changed, sender=model, dispatch_uid=f"home_version_deleted_{label}")


def learn_names(sender, instance, **kwargs):
    # A newly published section, festival or series name is a word at once in
    # this process (others reload names when the content version moves on).
    from .chinese import DictionaryWordsMixin, add_words

    page = instance.specific
    if isinstance(page, DictionaryWordsMixin) and page.dictionary_fields:
        add_words(page.search_dictionary_words())


def register_signal_handlers():
    from .settings import SiteSettings

    post_page_move.connect(on_moved, dispatch_uid="home_sections_follow_moved_pages")
    page_published.connect(learn_names, dispatch_uid="home_learn_names")
    page_published.connect(on_content_changed, dispatch_uid="home_version_published")
    page_unpublished.connect(on_content_changed, dispatch_uid="home_version_unpublished")
    # A moved page changes its URL and the section listings it appears in.
    post_page_move.connect(on_content_changed, dispatch_uid="home_version_moved")
    follow_records(SiteSettings)

"""
Keep derived columns and the content version true when pages and the records
they show change (wired in HomeConfig.ready).
"""

from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import content_version

# Sent with ``pages`` (specific, section updated) after a move changed their section.
section_changed = Signal()


def on_moved(sender, instance, **kwargs):
    """
    Articles, events and lectures list by their section column: moving a page
    (or a series with its lectures) to another section moves them in listings
    too. Those whose section changed are announced with ``section_changed``
    (the calendars rewrite their dates' organiser).
    """
    from .models import SectionOwned, section_of

    changed = []
    for page in Page.objects.descendant_of(instance, inclusive=True).specific():
        if isinstance(page, SectionOwned):
            section = section_of(page)
            if page.section_id != (section.pk if section else None):
                type(page).objects.filter(pk=page.pk).update(section=section)
                page.section = section
                changed.append(page)
    if changed:
        section_changed.send(sender=SectionOwned, pages=changed)


def on_content_changed(sender, **kwargs):
    # Every cached page may list, link or show the banner for what changed.
    content_version.bump()


def on_record_changed(sender, created=False, **kwargs):
    # A new record is on no page until a page that shows it is published.
    if not created:
        content_version.bump()


def follow_records(*models, listed=False):
    """
    Records shown on public pages (venues, speakers, incidents, experts, site
    settings) change those pages when they are edited, without any page being
    published: feature apps name theirs here from their signal handlers.
    ``listed``: a new one changes pages too (a filter offers every venue, a new
    synonym widens searches).
    """
    saved = on_content_changed if listed else on_record_changed
    for model in models:
        label = model._meta.label_lower
        post_save.connect(saved, sender=model, dispatch_uid=f"home_version_saved_{label}")
        post_delete.connect(on_record_changed, sender=model, dispatch_uid=f"home_version_deleted_{label}")


def on_privacy_changed(sender, instance, **kwargs):
    """
    A page made private in the admin (its 隐私 setting), or public again: no copy
    cached while it was public, of the page or of a listing, feed or API answer
    that showed it, is served after, and a CDN in front lets go of it and of the
    pages under it.
    """
    content_version.bump()
    transaction.on_commit(partial(_purge_subtree, instance.page_id))


def _purge_subtree(page_id):
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    page = Page.objects.filter(pk=page_id).first()
    batch = PurgeBatch()
    if page is not None:
        batch.add_pages(Page.objects.descendant_of(page, inclusive=True).live().specific())
    batch.add_urls(f"{site.root_url}/" for site in Site.objects.all())
    batch.purge()


def learn_names(sender, instance, **kwargs):
    # A newly published section, festival or series name is a word at once in
    # this process (others reload names when the content version moves on).
    from .chinese import DictionaryWordsMixin, add_words

    page = instance.specific
    if isinstance(page, DictionaryWordsMixin) and page.dictionary_fields:
        add_words(page.search_dictionary_words())


def register_signal_handlers():
    from wagtail.images import get_image_model

    from . import renditions
    from .settings import SiteSettings
    from .synonyms import SearchSynonym

    post_page_move.connect(on_moved, dispatch_uid="home_sections_follow_moved_pages")
    page_published.connect(renditions.on_page_published, dispatch_uid="home_renditions_published")
    post_save.connect(
        renditions.on_image_saved, sender=get_image_model(), dispatch_uid="home_renditions_upload"
    )
    page_published.connect(learn_names, dispatch_uid="home_learn_names")
    page_published.connect(on_content_changed, dispatch_uid="home_version_published")
    page_unpublished.connect(on_content_changed, dispatch_uid="home_version_unpublished")
    # A moved page changes its URL and the section listings it appears in.
    post_page_move.connect(on_content_changed, dispatch_uid="home_version_moved")
    post_save.connect(on_privacy_changed, sender=PageViewRestriction, dispatch_uid="home_privacy_saved")
    post_delete.connect(on_privacy_changed, sender=PageViewRestriction, dispatch_uid="home_privacy_deleted")
    follow_records(SiteSettings)
    # A site's host, port or root page, or a new site for a host: every link and
    # the kept site lookups (home.sites) follow it.
    follow_records(Site, listed=True)
    # A picture replaced, cropped to a new focal point or deleted: its old sizes are
    # deleted with it, so nothing kept (pages, listings' cards) may still link them.
    follow_records(get_image_model(), get_image_model().get_rendition_model())
    follow_records(SearchSynonym, listed=True)  # kept search results (search.views.found_for)

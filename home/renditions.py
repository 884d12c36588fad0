"""
Picture sizes made when a page is published, by the task worker (inline when
TASKS runs tasks at once), so the first visitor, app or crawler after a publish
does not wait while images are resized: Wagtail otherwise makes each size on its
first use, 20-300 ms apiece, in the request that asked.

A page names the pictures it shows and their sizes (``BasePage.pictures()``),
with the same spec patterns its templates give ``{% srcset_image %}``; a test
renders each page type after publishing and counts no new rendition.
An image uploaded to the library gets its admin thumbnail the same way.
"""

import logging
from collections import defaultdict
from functools import partial

from django.db import transaction
from django_tasks import task
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page

logger = logging.getLogger(__name__)

# The listing image, as apps and the TV channel (home.api.IMAGE_SIZES, JPEG and
# WebP), feeds and JSON-LD show it.
LISTING = ("fill-{640x360,1280x720}", "fill-{640x360,1280x720} format-webp")
# A figure in a body (site/templates/blocks/figure_block.html).
FIGURE = "width-{500,1000} format-webp"
# What the admin's image listing and choosers show of every image.
ADMIN_THUMBNAIL = "max-165x165"


def make_now(image, patterns):
    """The renditions of ``image`` for each spec pattern; a missing or unreadable file is left to first use."""
    specs = [spec for pattern in patterns for spec in Filter.expand_spec(pattern)]
    try:
        image.get_renditions(*specs)
    except OSError as error:  # the file gone or unreadable, the store down (home.storage.StorageUnavailable)
        logger.warning("renditions of image %s not made now: %s", image.pk, error)


@task()
def make_page_renditions(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None:
        return
    wanted = defaultdict(list)
    for image, pattern in page.specific.pictures():
        if image is not None:
            wanted[image].append(pattern)
    for image, patterns in wanted.items():
        make_now(image, patterns)


@task()
def make_admin_thumbnail(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is not None:
        make_now(image, [ADMIN_THUMBNAIL])


def on_page_published(sender, instance, **kwargs):
    transaction.on_commit(partial(make_page_renditions.enqueue, instance.pk))


def on_image_saved(sender, instance, created=False, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(partial(make_admin_thumbnail.enqueue, instance.pk))


def figures(stream):
    """The images of the figure blocks in a body (home.blocks.FigureBlock)."""
    return [block.value["image"] for block in stream or [] if block.block_type == "figure"]

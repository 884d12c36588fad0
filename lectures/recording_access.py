"""
A recording is private until a published lecture shows it.

An uploaded video starts under home.storage's private prefix: the editor's admin
and the preview play it through a signed link that expires, and its public URL
does not exist. When a live lecture that anyone may see shows it, `settle` moves
the file to its public name (a copy inside the store, no bytes through the app);
when no such lecture shows it any more (unpublished, deleted, restricted, another
video chosen), back. Caption files and slides are documents: Wagtail's document
view serves them, and `hide_unpublished_document` answers 404 for those only
unpublished lectures use, unless the reader may edit them.
"""

import datetime
import logging

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.utils import timezone
from django_tasks import task

from home import content_version
from home.storage import PRIVATE, StorageUnavailable, private_name, public_name

logger = logging.getLogger(__name__)

# A recording the store could not move is tried again this much later, not only at the next publish.
RETRY_AFTER = datetime.timedelta(minutes=2)


def misplaced():
    """(video, name it should have) for every recording whose file is public or private when it should not be."""
    from .models import LecturePage, LectureVideo

    shown = Exists(LecturePage.objects.live().public().filter(video=OuterRef("pk")))
    private = Q(file__startswith=PRIVATE)
    wrong = LectureVideo.objects.exclude(file="").filter((private & shown) | (~private & ~shown))
    return [
        (
            video,
            public_name(video.file.name)
            if video.file.name.startswith(PRIVATE)
            else private_name(video.file.name),
        )
        for video in wrong.only("pk", "file")
    ]


def settle():
    """
    Move every misplaced recording: (moved, left). A store that is down leaves a
    recording where it is, still playable through a signed link, until the next try.
    """
    from .models import LectureVideo

    moved = left = 0
    for video, name in misplaced():
        old = video.file.name
        try:
            default_storage.copy(old, name)
        except (StorageUnavailable, OSError):
            logger.warning(
                "recording %s not moved to %s: media store unavailable", video.pk, name, exc_info=True
            )
            left += 1
            continue
        # The row names the new copy before the old one goes, so no reader is sent to a missing file.
        if LectureVideo.objects.filter(pk=video.pk, file=old).update(file=name):
            moved += 1
            try:
                default_storage.delete(old)
            except (StorageUnavailable, OSError):
                logger.warning("old copy %s of recording %s left behind", old, video.pk, exc_info=True)
    if moved:
        content_version.bump()  # pages and feeds link the recording's new URL
    return moved, left


@task()
def settle_recordings():
    """settle(), and again RETRY_AFTER later while the store leaves recordings unmoved (with a worker)."""
    _moved, left = settle()
    if left and settle_recordings.get_backend().supports_defer:
        settle_recordings.using(run_after=timezone.now() + RETRY_AFTER).enqueue()


def settle_after_commit(**kwargs):
    """Signal receiver: after whatever changed what lectures show is committed, run settle (a task)."""
    transaction.on_commit(settle_recordings.enqueue)


def hide_unpublished_document(document, request):
    """before_serve_document hook: captions and slides of lectures nobody may see yet are not served."""
    from .models import LecturePage

    lectures = LecturePage.objects.filter(Q(slides=document) | Q(captions__document=document))
    if not lectures.exists():
        return None
    shown = LecturePage.objects.live().public().filter(Q(slides=document) | Q(captions__document=document))
    if shown.exists():
        return None
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(type(document))
    if policy.user_has_permission_for_instance(request.user, "change", document):
        return None
    raise Http404("No such document")

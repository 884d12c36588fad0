"""Keep lectures in step with the files they use (wired in LecturesConfig.ready)."""

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.search.tasks import insert_or_update_object_task

from home import content_version


def on_caption_file_saved(sender, instance, **kwargs):
    """
    A caption document's file replaced in the document library: the live
    lectures using it get the new transcript at once, as their <track> already
    serves the new file (and search with it, once the task worker has indexed it).
    """
    from .models import LecturePage

    lectures = LecturePage.objects.live().filter(captions__document=instance).distinct()
    for lecture in lectures:
        cues = lecture.transcript_cues
        lecture.refresh_transcript()
        if lecture.transcript_cues != cues:
            LecturePage.objects.filter(pk=lecture.pk).update(transcript_cues=lecture.transcript_cues)
            insert_or_update_object_task.enqueue(
                lecture._meta.app_label, lecture._meta.model_name, str(lecture.pk)
            )
    _forget_cached_pages()


def on_video_saved(sender, instance, **kwargs):
    # A new poster or file changes every page and feed that shows the video.
    _forget_cached_pages()


def _forget_cached_pages():
    content_version.bump()


def register_signal_handlers():
    from wagtail.models import PageViewRestriction
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from home.signal_handlers import follow_records

    from . import recording_access
    from .models import LecturePage, LectureVideo, Speaker

    follow_records(Speaker)

    for signal in (page_published, page_unpublished):
        signal.connect(
            on_lecture_published,
            sender=LecturePage,
            dispatch_uid=f"lectures_purge_{signal is page_published}",
        )
    post_save.connect(
        on_caption_file_saved, sender=get_document_model(), dispatch_uid="lectures_caption_file_saved"
    )
    post_save.connect(on_video_saved, sender=LectureVideo, dispatch_uid="lectures_video_saved")
    # Whatever changes which recordings a published lecture shows, and to whom, settles their files.
    for signal, sender in (
        (page_published, LecturePage),
        (page_unpublished, LecturePage),
        (post_delete, LecturePage),
        (post_save, LectureVideo),
        (post_save, PageViewRestriction),
        (post_delete, PageViewRestriction),
        (post_page_move, None),
    ):
        signal.connect(
            recording_access.settle_after_commit,
            sender=sender,
            dispatch_uid=f"lectures_settle_{id(signal)}_{sender and sender.__name__}",
        )


def on_lecture_published(sender, instance, **kwargs):
    """A CDN in front keeps series pages and feeds: purge the ones that list this lecture."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from .models import LectureSeriesPage

    batch = PurgeBatch()
    batch.add_pages(LectureSeriesPage.objects.live().ancestor_of(instance))
    hub = LectureSeriesPage.hub()
    if hub is not None:
        batch.add_page(hub)
    batch.purge()

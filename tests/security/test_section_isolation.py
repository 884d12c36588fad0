"""
Section isolation, tried from every door.

An editor (or moderator) of section A, and an anonymous visitor, go after
section B's drafts, live pages, images and documents through every admin view,
chooser, preview, revision view, workflow action, the v3 API (with a token) and
the public site. Each attempt must neither show B's unpublished content nor
change anything of B's.

Recent Wagtail advisories were almost all a missing check on some secondary
endpoint; when Wagtail (or we) add an endpoint, add a row to READS or WRITES.
"""

import contextlib
import json
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import APIToken, Collection, Page
from wagtailmedia import get_media_model

from home.sections import add_person
from registrations.models import Registration
from tests.factories import StandardPageFactory

SECRET = "机密"  # every unpublished text of section B carries this word, used as a search term
SECRET_CUE = f"朝阳{SECRET}字幕"  # a line of B's unpublished captions: in the file, the cues, the transcript


def _secrets(world):
    """B's unpublished texts; a query echoing SECRET back is not a leak, these are."""
    return [
        f"朝阳社区讲座（{SECRET}修改）",
        world.b_draft.title,
        world.b_moderated.title,
        world.b_image.title,
        world.b_document.title,
        world.b_event.title,
        f"朝阳{SECRET}活动改期",
        world.b_article.title,
        world.b_video.title,
        world.b_captions.title,
        SECRET_CUE,
        world.b_lecture_draft.title,
        f"朝阳公开讲座（{SECRET}改题）",
        world.b_registration.name,
        world.b_registration.phone,
    ]


def _section_b_drafts(section):
    """A draft event and a draft article in B, and a live event whose new date is still a draft."""
    import datetime

    from django.utils import timezone

    from articles.models import ArticleIndexPage, ArticlePage
    from events.models import EventIndexPage, EventPage

    home = section.get_parent().get_parent()
    home.add_child(instance=EventIndexPage(title="活动日历", slug="calendar")).save_revision().publish()
    home.add_child(instance=ArticleIndexPage(title="科普文章", slug="articles")).save_revision().publish()
    start = timezone.localtime() + datetime.timedelta(days=3)
    event = section.add_child(
        instance=EventPage(
            title=f"朝阳{SECRET}活动", start=start, end=start + datetime.timedelta(hours=2), live=False
        )
    )
    event.save_revision()
    live_event = section.add_child(
        instance=EventPage(title="朝阳公开活动", start=start, end=start + datetime.timedelta(hours=2))
    )
    live_event.save_revision().publish()
    live_event.title = f"朝阳{SECRET}活动改期"
    live_event.start = start + datetime.timedelta(days=7)
    live_event.end = live_event.start + datetime.timedelta(hours=2)
    live_event.save_revision()
    article = section.add_child(
        instance=ArticlePage(title=f"朝阳{SECRET}文章", author="王芳", live=False, body=[])
    )
    article.save_revision()
    return event, article


def _section_b_lectures(section, collection):
    """
    A series under home (the hub with the speaker and section feeds) and one
    in B; in B's series a live lecture whose latest revision renames it and
    swaps in B's secret captions; under B's section page a draft lecture with
    B's secret video and captions. The speaker is shared, as speakers are.
    """
    import datetime

    from django.utils import timezone

    from lectures.models import CaptionTrack, LecturePage, LectureSeriesPage, Speaker
    from lectures.tests.fixtures import make_captions, make_lecture, make_video

    home = section.get_parent().get_parent()
    hub = home.add_child(instance=LectureSeriesPage(title="首都科学讲堂", slug="lectures"))
    hub.save_revision().publish()
    series = section.add_child(instance=LectureSeriesPage(title="朝阳讲堂", slug="chaoyang-lectures"))
    series.save_revision().publish()
    speaker = Speaker.objects.create(name="赵志远", title="高级工程师", affiliation="北京市地震局")
    # Spaces, so that the search backend's tokenizer finds SECRET in the title (the chooser search is a real door).
    video = make_video(f"朝阳 {SECRET} 讲座录像", collection)
    captions = make_captions(f"朝阳{SECRET}字幕文件", ["大家好。", SECRET_CUE], collection)
    past = timezone.now() - datetime.timedelta(days=10)

    live = make_lecture(
        series,
        "朝阳公开讲座",
        past,
        speakers=[speaker],
        video=make_video("朝阳公开讲座录像", collection),
        captions=[("zh-Hans", make_captions("朝阳公开字幕", ["欢迎参加朝阳讲座。"], collection))],
    )
    live.title = f"朝阳公开讲座（{SECRET}改题）"
    live.captions = [CaptionTrack(language="zh-Hans", document=captions)]
    live_revision = live.save_revision()  # clean() reads the secret cues into the revision's transcript

    draft = make_lecture(
        section,
        f"朝阳{SECRET}讲座草稿",
        past + datetime.timedelta(days=3),
        speakers=[speaker],
        video=video,
        captions=[("zh-Hans", captions)],
        publish=False,
    )
    assert not LecturePage.objects.get(pk=draft.pk).live, "the draft lecture must never have been live"
    return {
        "hub": hub,
        "b_series": series,
        "speaker": speaker,
        "b_video": video,
        "b_captions": captions,
        "b_lecture_live": live,
        "b_lecture_draft": draft,
        "lecture_revision": live_revision.pk,
    }


def _text(response):
    """The response as a person or a program would read it: JSON unescaped (\\u671d…)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    body = content.decode("utf-8", "replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            body += json.dumps(json.loads(body), ensure_ascii=False)
    return body


def _leaked(world, body):
    return [secret for secret in _secrets(world) if secret in body]


@dataclass
class World:
    a: Page
    b: Page
    b_live: Page  # live, with an unpublished revision containing SECRET
    b_draft: Page  # never published, SECRET in its title
    b_moderated: Page  # draft submitted to B's workflow, awaiting B's moderators
    b_image: object
    b_document: object
    b_video: object = None  # SECRET in its title, in B's collection, used by the draft lecture
    b_captions: object = None  # a caption document in B's collection whose cues include SECRET_CUE
    b_lecture_live: Page = None  # live; its latest revision has SECRET in the title and the secret captions
    b_lecture_draft: Page = None  # never published, uses b_video and b_captions
    b_series: Page = None  # a live lecture series in B, holding b_lecture_live
    hub: Page = None  # the series under home, where the section and speaker feeds live
    speaker: object = None  # shared, speaks in both of B's lectures
    b_registration: object = None  # someone signed up for B's event that takes sign-ups: personal data
    revisions: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)


def _snapshot(world):
    """Everything about B that an attack could change."""
    pages = Page.objects.descendant_of(world.b, inclusive=True).order_by("pk")
    return {
        "pages": list(
            pages.values_list(
                "pk",
                "title",
                "slug",
                "path",
                "live",
                "locked",
                "has_unpublished_changes",
                "latest_revision_id",
                "alias_of_id",
            )
        ),
        "count": Page.objects.count(),
        "a_children": Page.objects.descendant_of(world.a).count(),
        "image": get_image_model()
        .objects.filter(pk=world.b_image.pk)
        .values_list("title", "collection_id")
        .first(),
        "document": get_document_model()
        .objects.filter(pk=world.b_document.pk)
        .values_list("title", "collection_id")
        .first(),
        "video": get_media_model()
        .objects.filter(pk=world.b_video.pk)
        .values_list("title", "collection_id", "file")
        .first(),
        "videos of B": list(
            get_media_model()
            .objects.filter(collection_id=world.b_video.collection_id)
            .order_by("pk")
            .values_list("pk", "title", "file")
        ),
        "captions": get_document_model()
        .objects.filter(pk=world.b_captions.pk)
        .values_list("title", "collection_id")
        .first(),
        "privacy": list(
            world.b.get_descendants(inclusive=True).filter(view_restrictions__isnull=False).values_list("pk")
        ),
        "registrations": list(
            Registration.objects.order_by("pk").values_list("code", "status", "checked_in_at", "name")
        ),
    }


@pytest.fixture
def world(haidian, chaoyang, django_user_model):
    b_collection = Collection.objects.get(name=chaoyang.title)
    b_live = StandardPageFactory(parent=chaoyang, title="朝阳社区讲座")
    b_live.title = f"朝阳社区讲座（{SECRET}修改）"
    live_revision = b_live.save_revision()

    b_draft = StandardPageFactory(parent=chaoyang, title=f"朝阳{SECRET}草稿", live=False)
    draft_revision = b_draft.save_revision()

    b_moderated = StandardPageFactory(parent=chaoyang, title=f"朝阳待审{SECRET}稿件", live=False)
    b_moderator, _pw = add_person(chaoyang, "b-moderator", moderator=True)
    b_editor, _pw = add_person(chaoyang, "b-editor")
    revision = b_moderated.save_revision(user=b_editor)
    workflow = b_moderated.get_workflow()
    workflow.start(b_moderated, b_editor)
    b_moderated.refresh_from_db()

    b_event, b_article = _section_b_drafts(chaoyang)

    image = get_image_model().objects.create(
        title=f"朝阳{SECRET}图片", file=get_test_image_file(), collection=b_collection
    )
    document = get_document_model().objects.create(
        title=f"朝阳{SECRET}文档", file=ContentFile(b"%PDF-1.4 secret", name="b.pdf"), collection=b_collection
    )

    world = World(
        a=haidian,
        b=chaoyang,
        b_live=b_live,
        b_draft=b_draft,
        b_moderated=b_moderated,
        b_image=image,
        b_document=document,
    )
    world.b_event, world.b_article = b_event, b_article
    world.revisions = {"live": live_revision.pk, "draft": draft_revision.pk, "moderated": revision.pk}
    lectures = _section_b_lectures(chaoyang, b_collection)
    world.revisions["lecture"] = lectures.pop("lecture_revision")
    for name, value in lectures.items():
        setattr(world, name, value)
    world.users["editor"], _pw = add_person(haidian, "a-editor")
    world.users["moderator"], _pw = add_person(haidian, "a-moderator", moderator=True)
    world.users["anonymous"] = None
    for role in ("editor", "moderator"):
        _token, plaintext = APIToken.create_token(user=world.users[role], name="attack")
        world.tokens[role] = plaintext
    world.task_state = b_moderated.current_workflow_task_state
    world.b_registration = _section_b_signup(chaoyang)
    return world


def _section_b_signup(section):
    """B's event that takes sign-ups, with one person registered (their name and phone are B's to see)."""
    import datetime

    from django.utils import timezone

    from events.models import EventPage
    from registrations import seats

    # Whole minutes, as the admin's date field takes them (the sign-up URLs name dates to the second).
    start = (timezone.localtime() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    event = section.add_child(
        instance=EventPage(
            title="朝阳报名活动",
            start=start,
            end=start + datetime.timedelta(hours=2),
            takes_signups=True,
            capacity=30,
        )
    )
    event.save_revision().publish()
    occurrence = event.occurrences.get()
    return seats.sign_up(
        occurrence,
        name=f"{SECRET}报名人",
        phone="13911112222",
        email="",
        party_size=1,
        consent_version="test",
    )


def _signup_doors(w):
    """The organisers' views of B's sign-ups, by B's date and by the person's code."""
    from registrations.seats import stamp

    roster = w.b_registration.roster
    date = f"/admin/registrations/{roster.page_id}/{roster.key}/{stamp(roster.starts)}/"
    return [
        ("sign-ups of my sections", "/admin/registrations/"),
        ("sign-up list of B's date", date),
        ("sign-up export of B's date (CSV)", date + "?export=csv"),
        ("sign-up export of B's date (Excel)", date + "?export=xlsx"),
        ("check-in page of B's person", f"/admin/registrations/check-in/{w.b_registration.code}/"),
        ("check-in by typed code", f"/admin/registrations/check-in/?code={w.b_registration.code}"),
    ]


def _page_form(title):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    return nested_form_data(
        {
            "title": title,
            "slug": "pwned",
            "summary": "",
            "body": streamfield([("paragraph", rich_text("<p>pwned</p>"))]),
        }
    )


def _lecture_form(lecture, title, video, captions):
    """The lecture editor's form as B's own editors would post it: valid, so only permissions stop it."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    data = nested_form_data(
        {
            "title": title,
            "slug": lecture.slug,
            "summary": "",
            "start": lecture.local_start.strftime("%Y-%m-%d %H:%M"),
            "end": lecture.local_end.strftime("%Y-%m-%d %H:%M"),
            "repeat_interval": 1,
            "signup_opens_days": 14,
            "signup_closes_hours": 2,
            "seats_per_person": 1,
            "abstract": rich_text("<p>pwned</p>"),
            "transcript": rich_text(""),
            "video": video.pk,
            "date_changes": inline_formset([]),
            "speaker_links": inline_formset([{"speaker": lecture.speaker_links.first().speaker_id}]),
            "captions": inline_formset([{"document": captions.pk, "language": "zh-Hans"}]),
            "related_articles": inline_formset([]),
            "tags": "",
            "is_free": "on",
        }
    )
    data["audience"] = []
    return data


def _video_upload():
    from lectures.demo import SAMPLE_VIDEO

    return SimpleUploadedFile("pwned.mp4", SAMPLE_VIDEO.read_bytes(), content_type="video/mp4")


# Read attempts: (name, url). None of B's unpublished text may appear in the answer.
def READS(w):
    live, draft, mod = w.b_live.pk, w.b_draft.pk, w.b_moderated.pk
    rev = w.revisions
    return [
        ("explorer of B", f"/admin/pages/{w.b.pk}/"),
        ("explorer results of B", f"/admin/pages/{w.b.pk}/results/"),
        ("admin page search", f"/admin/pages/search/?q={SECRET}"),
        ("admin page search results", f"/admin/pages/search/results/?q={SECRET}"),
        ("edit view (live page)", f"/admin/pages/{live}/edit/"),
        ("edit view (draft)", f"/admin/pages/{draft}/edit/"),
        ("view draft", f"/admin/pages/{live}/view_draft/"),
        ("preview on edit", f"/admin/pages/{live}/edit/preview/"),
        ("preview on edit (draft)", f"/admin/pages/{draft}/edit/preview/"),
        ("workflow preview", f"/admin/pages/workflow/preview/{mod}/{w.task_state.task_id}/"),
        ("workflow cancellation confirmation", f"/admin/pages/workflow/confirm_cancellation/{mod}/"),
        ("revisions index", f"/admin/pages/{live}/revisions/"),
        ("revision view", f"/admin/pages/{live}/revisions/{rev['live']}/view/"),
        ("revision view (draft)", f"/admin/pages/{draft}/revisions/{rev['draft']}/view/"),
        ("revision compare", f"/admin/pages/{live}/revisions/compare/live...{rev['live']}/"),
        ("revision compare earliest", f"/admin/pages/{draft}/revisions/compare/earliest...latest/"),
        ("revision revert form", f"/admin/pages/{live}/revisions/{rev['live']}/revert/"),
        ("history", f"/admin/pages/{live}/history/"),
        ("history (draft)", f"/admin/pages/{draft}/history/"),
        ("history results", f"/admin/pages/{draft}/history/results/"),
        ("workflow history", f"/admin/pages/{mod}/workflow_history/"),
        ("usage", f"/admin/pages/{draft}/usage/"),
        ("add subpage chooser", f"/admin/pages/{w.b.pk}/add_subpage/"),
        ("add form under B", f"/admin/pages/add/home/standardpage/{w.b.pk}/"),
        ("move form", f"/admin/pages/{draft}/move/"),
        ("copy form", f"/admin/pages/{draft}/copy/"),
        ("delete form", f"/admin/pages/{draft}/delete/"),
        ("unpublish form", f"/admin/pages/{live}/unpublish/"),
        ("privacy form", f"/admin/pages/{live}/privacy/"),
        (
            "workflow action form",
            f"/admin/pages/workflow/collect_action_data/{mod}/approve/{w.task_state.pk}/",
        ),
        ("page chooser", f"/admin/choose-page/{w.b.pk}/"),
        ("page chooser search", f"/admin/choose-page/search/?q={SECRET}"),
        ("admin API listing", f"/admin/api/main/pages/?child_of={w.b.pk}"),
        ("admin API search", f"/admin/api/main/pages/?search={SECRET}"),
        ("admin API detail (draft)", f"/admin/api/main/pages/{draft}/"),
        ("admin API detail (live)", f"/admin/api/main/pages/{live}/"),
        ("image edit", f"/admin/images/{w.b_image.pk}/"),
        ("image usage", f"/admin/images/usage/{w.b_image.pk}/"),
        ("image url generator", f"/admin/images/{w.b_image.pk}/generate_url/"),
        ("images index", "/admin/images/"),
        ("images index of B's collection", f"/admin/images/?collection_id={w.b_image.collection_id}"),
        ("image chooser", "/admin/images/chooser/"),
        ("image chooser search", f"/admin/images/chooser/results/?q={SECRET}"),
        ("image chooser chosen", f"/admin/images/chooser/chosen/{w.b_image.pk}/"),
        ("admin API images", f"/admin/api/main/images/?search={SECRET}"),
        ("document edit", f"/admin/documents/edit/{w.b_document.pk}/"),
        ("document usage", f"/admin/documents/usage/{w.b_document.pk}/"),
        ("documents index", "/admin/documents/"),
        ("document chooser", "/admin/documents/chooser/"),
        ("document chooser search", f"/admin/documents/chooser/results/?q={SECRET}"),
        ("document chooser chosen", f"/admin/documents/chooser/chosen/{w.b_document.pk}/"),
        ("admin API documents", f"/admin/api/main/documents/?search={SECRET}"),
        ("v3 API listing", "/api/v3/pages/?limit=50"),
        ("v3 API search", f"/api/v3/pages/?search={SECRET}"),
        ("v3 API detail (draft)", f"/api/v3/pages/{draft}/"),
        ("v3 API detail (live)", f"/api/v3/pages/{live}/"),
        ("v3 API revisions", f"/api/v3/pages/{live}/revisions/"),
        ("v3 API revision", f"/api/v3/pages/{live}/revisions/{rev['live']}/"),
        (
            "v3 API find",
            f"/api/v3/pages/find/?html_path={w.b_draft.url_path.removeprefix(w.b.get_parent().get_parent().url_path)}",
        ),
        ("public draft URL", "/" + w.b_draft.url_path.split("/", 2)[2]),
        ("public live URL", w.b_live.url),
        ("public search", f"/search/?q={SECRET}"),
        ("public search, a question (partial matches)", f"/search/?q=如何应对{SECRET}草稿"),
        ("v3 API search, a question", f"/api/v3/pages/?search=怎么看{SECRET}草稿"),
        ("search report", "/admin/reports/search/"),
        ("search synonyms", "/admin/search-synonyms/"),
        ("clarification from a search", f"/admin/clarifications/draft/?claim={SECRET}"),
        ("sitemap", "/sitemap.xml"),
        ("search suggestions", "/search/suggest/?q=朝阳"),
        ("calendar", "/calendar/"),
        ("calendar month", "/calendar/?view=month"),
        ("section calendar", "/calendar/?section=chaoyang"),
        ("calendar iCal", "/calendar/ical/"),
        ("section iCal", "/calendar/ical/?section=chaoyang"),
        ("draft event iCal", f"/{w.b_event.url_path.split('/', 2)[2]}ical/"),
        ("articles", "/articles/"),
        ("section articles", "/articles/?section=chaoyang"),
        ("articles RSS", "/articles/feed/rss/"),
        ("articles Atom", "/articles/feed/atom/?section=chaoyang"),
        ("articles JSON Feed", "/articles/feed/json/"),
        ("event edit view", f"/admin/pages/{w.b_event.pk}/edit/"),
        ("article edit view", f"/admin/pages/{w.b_article.pk}/edit/"),
        ("event preview", f"/admin/pages/{w.b_event.pk}/edit/preview/"),
        ("v3 API events", "/api/v3/pages/?type=events.EventPage"),
        ("v3 API articles", "/api/v3/pages/?type=articles.ArticlePage"),
        ("section page", w.b.url),
        ("home page", "/"),
        *_lecture_reads(w),
        *_signup_doors(w),
    ]


def _public(page):
    """A page's public path whether or not it is live (page.url is None for drafts)."""
    return "/" + page.url_path.split("/", 2)[2]


def _lecture_reads(w):
    video, lecture, live = w.b_video.pk, w.b_lecture_draft.pk, w.b_lecture_live.pk
    hub, series, speaker = w.hub.url, w.b_series.url, w.speaker.pk
    return [
        ("media index", "/admin/media/"),
        ("media index of B's collection", f"/admin/media/?collection_id={w.b_video.collection_id}"),
        ("media index search", f"/admin/media/?q={SECRET}"),
        ("media edit", f"/admin/media/edit/{video}/"),
        ("media delete form", f"/admin/media/delete/{video}/"),
        ("media usage", f"/admin/media/usage/{video}/"),
        ("media chooser", "/admin/media/chooser/"),
        ("media chooser (video)", "/admin/media/chooser/video/"),
        ("media chooser search", f"/admin/media/chooser/?q={SECRET}"),
        ("media chooser collection", f"/admin/media/chooser/?collection_id={w.b_video.collection_id}"),
        ("media chosen", f"/admin/media/chooser/{video}/"),
        # Usage views: only the association's approvers may open these two (section people get a redirect).
        ("caption document usage", f"/admin/documents/usage/{w.b_captions.pk}/"),
        ("speaker usage", f"/admin/snippets/lectures/speaker/usage/{speaker}/"),
        ("lecture edit view (draft)", f"/admin/pages/{lecture}/edit/"),
        ("lecture edit view (live)", f"/admin/pages/{live}/edit/"),
        ("lecture preview (draft)", f"/admin/pages/{lecture}/edit/preview/"),
        ("lecture preview (live)", f"/admin/pages/{live}/edit/preview/"),
        ("lecture view draft", f"/admin/pages/{live}/view_draft/"),
        ("lecture view draft (draft)", f"/admin/pages/{lecture}/view_draft/"),
        (
            "lecture revision view",
            f"/admin/pages/{live}/revisions/{w.revisions['lecture']}/view/",
        ),
        ("lecture usage", f"/admin/pages/{lecture}/usage/"),
        ("public draft lecture", _public(w.b_lecture_draft)),
        ("draft lecture captions", f"{_public(w.b_lecture_draft)}captions/zh-Hans/"),
        # The caption file itself, by Wagtail's document URL (lectures.recording_access).
        ("draft lecture's caption document", w.b_captions.url),
        ("draft lecture iCal", f"{_public(w.b_lecture_draft)}ical/"),
        ("public live lecture", w.b_lecture_live.url),
        ("live lecture captions", f"{w.b_lecture_live.url}captions/zh-Hans/"),
        # B's live lecture is in B's series, the section feeds and the speaker's; the drafts in none.
        ("series page", series),
        ("series archive by speaker", f"{series}?speaker={speaker}"),
        ("series Media RSS", f"{series}feed/media-rss/"),
        ("series JSON Feed", f"{series}feed/json/"),
        ("section lecture Media RSS", f"{hub}sections/{w.b.slug}/feed/media-rss/"),
        ("section lecture JSON Feed", f"{hub}sections/{w.b.slug}/feed/json/"),
        ("speaker page", f"{hub}speakers/{speaker}/"),
        ("speaker Media RSS", f"{hub}speakers/{speaker}/feed/media-rss/"),
        ("speaker JSON Feed", f"{hub}speakers/{speaker}/feed/json/"),
        ("series iCal", f"{series}ical/"),
        ("v3 API lectures", "/api/v3/pages/?type=lectures.LecturePage"),
        (
            "v3 API lectures, all fields",
            "/api/v3/pages/?type=lectures.LecturePage&fields=video_details,transcript_cues,transcript",
        ),
        ("v3 API detail (draft lecture)", f"/api/v3/pages/{lecture}/"),
        ("v3 API detail (live lecture)", f"/api/v3/pages/{live}/"),
        ("admin API lectures", "/admin/api/main/pages/?type=lectures.LecturePage"),
        ("admin API detail (draft lecture)", f"/admin/api/main/pages/{lecture}/"),
        ("public search (captions)", f"/search/?q={SECRET}字幕"),
    ]


# Write attempts: (name, method, url, data). None may change anything of B's.
def WRITES(w):
    live, draft, mod = w.b_live.pk, w.b_draft.pk, w.b_moderated.pk
    return [
        ("edit save", "post", f"/admin/pages/{live}/edit/", _page_form(f"{SECRET}被改")),
        ("edit publish", "post", f"/admin/pages/{draft}/edit/", {**_page_form("x"), "action-publish": "1"}),
        ("edit submit", "post", f"/admin/pages/{draft}/edit/", {**_page_form("x"), "action-submit": "1"}),
        ("add under B", "post", f"/admin/pages/add/home/standardpage/{w.b.pk}/", _page_form("闯入")),
        ("unpublish", "post", f"/admin/pages/{live}/unpublish/", {}),
        ("delete", "post", f"/admin/pages/{draft}/delete/", {}),
        ("move into A", "post", f"/admin/pages/{draft}/move/{w.a.pk}/confirm/", {}),
        ("set position", "post", f"/admin/pages/{live}/set_position/?position=0", {}),
        (
            "copy into A",
            "post",
            f"/admin/pages/{draft}/copy/",
            {"new_title": "偷来的", "new_slug": "stolen", "new_parent_page": w.a.pk, "publish_copies": "on"},
        ),
        ("lock", "post", f"/admin/pages/{live}/lock/", {}),
        ("privacy", "post", f"/admin/pages/{live}/privacy/", {"restriction_type": "login"}),
        (
            "revert",
            "post",
            f"/admin/pages/{live}/edit/",
            {**_page_form("x"), "revision": w.revisions["live"], "action-publish": "1"},
        ),
        (
            "workflow approve",
            "post",
            f"/admin/pages/workflow/action/{mod}/approve/{w.task_state.pk}/",
            {"comment": ""},
        ),
        (
            "workflow reject",
            "post",
            f"/admin/pages/workflow/action/{mod}/reject/{w.task_state.pk}/",
            {"comment": "no"},
        ),
        (
            "workflow cancel",
            "post",
            f"/admin/pages/{mod}/edit/",
            {**_page_form("x"), "action-cancel-workflow": "1"},
        ),
        (
            "image edit",
            "post",
            f"/admin/images/{w.b_image.pk}/",
            {"title": "pwned", "collection": w.b_image.collection_id},
        ),
        ("image delete", "post", f"/admin/images/{w.b_image.pk}/delete/", {}),
        (
            "document edit",
            "post",
            f"/admin/documents/edit/{w.b_document.pk}/",
            {"title": "pwned", "collection": w.b_document.collection_id},
        ),
        ("document delete", "post", f"/admin/documents/delete/{w.b_document.pk}/", {}),
        (
            "admin API copy",
            "post",
            f"/admin/api/main/pages/{draft}/action/copy/",
            {"destination_page_id": w.a.pk},
        ),
        ("admin API publish", "post", f"/admin/api/main/pages/{draft}/action/publish/", {}),
        (
            "admin API move",
            "post",
            f"/admin/api/main/pages/{draft}/action/move/",
            {"destination_page_id": w.a.pk},
        ),
        ("admin API delete", "post", f"/admin/api/main/pages/{draft}/action/delete/", {}),
        ("admin API unpublish", "post", f"/admin/api/main/pages/{live}/action/unpublish/", {}),
        ("admin API lock", "post", f"/admin/api/main/pages/{live}/action/lock/", {}),
        ("v3 update", "patch", f"/api/v3/pages/{live}/", {"title": "pwned"}),
        (
            "v3 create under B",
            "post",
            "/api/v3/pages/",
            {"type": "home.StandardPage", "parent": w.b.pk, "title": "闯入", "body": []},
        ),
        ("v3 delete", "delete", f"/api/v3/pages/{draft}/", None),
        ("v3 publish", "post", f"/api/v3/pages/{draft}/actions/publish/", {}),
        ("v3 unpublish", "post", f"/api/v3/pages/{live}/actions/unpublish/", {}),
        ("v3 move", "post", f"/api/v3/pages/{draft}/actions/move/", {"destination_id": w.a.pk}),
        ("v3 copy", "post", f"/api/v3/pages/{draft}/actions/copy/", {"destination_id": w.a.pk}),
        ("v3 revert", "post", f"/api/v3/pages/{live}/actions/revert/", {"revision_id": w.revisions["live"]}),
        ("v3 action delete", "delete", f"/api/v3/pages/{draft}/actions/delete/", None),
        (
            "v3 alias into A",
            "post",
            f"/api/v3/pages/{live}/actions/create_alias/",
            {"destination_id": w.a.pk},
        ),
        *_lecture_writes(w),
    ]


def _lecture_writes(w):
    video, lecture, collection = w.b_video.pk, w.b_lecture_live, w.b_video.collection_id
    return [
        (
            "lecture edit save",
            "post",
            f"/admin/pages/{lecture.pk}/edit/",
            _lecture_form(lecture, f"{SECRET}被改", w.b_video, w.b_captions),
        ),
        (
            "lecture edit publish",
            "post",
            f"/admin/pages/{lecture.pk}/edit/",
            {**_lecture_form(lecture, "被发布", w.b_video, w.b_captions), "action-publish": "1"},
        ),
        (
            "media edit",
            "post",
            f"/admin/media/edit/{video}/",
            {"title": f"{SECRET}被改", "collection": collection, "tags": ""},
        ),
        (
            "media add into B",
            "post",
            "/admin/media/video/add/",
            {"title": "闯入视频", "file": _video_upload(), "collection": collection},
        ),
        (
            "media chooser upload into B",
            "post",
            "/admin/media/video/chooser/upload/",
            {
                "media-chooser-upload-title": "闯入视频",
                "media-chooser-upload-file": _video_upload(),
                "media-chooser-upload-collection": collection,
            },
        ),
        ("media delete", "post", f"/admin/media/delete/{video}/", {}),
        ("check in B's person", "post", f"/admin/registrations/check-in/{w.b_registration.code}/", {}),
    ]


ROLES = ["anonymous", "editor", "moderator"]


def _client_for(client, world, role, url):
    client.logout()
    headers = {}
    if role != "anonymous":
        if url.startswith("/api/v3/"):
            headers["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[role]}"
        else:
            client.force_login(world.users[role])
    return headers


@pytest.mark.parametrize("role", ROLES)
def test_nobody_outside_section_b_can_read_its_unpublished_content(client, world, role):
    leaks, errors = [], []
    for name, url in READS(world):
        headers = _client_for(client, world, role, url)
        response = client.get(url, **headers)
        body = _text(response)
        if response.status_code >= 500:
            errors.append(f"{name}: {response.status_code}")
        if _leaked(world, body):
            leaks.append(f"{name} ({url}) → {response.status_code}: {_leaked(world, body)}")
    assert errors == []
    assert leaks == [], "section B's unpublished content leaked"


@pytest.mark.parametrize("role", ROLES)
def test_nobody_outside_section_b_can_change_it(client, world, role):
    before = _snapshot(world)
    changed, errors = [], []
    for name, method, url, data in WRITES(world):
        headers = _client_for(client, world, role, url)
        if url.startswith("/api/v3/"):
            response = getattr(client, method)(
                url,
                data=json.dumps(data) if data is not None else None,
                content_type="application/json",
                **headers,
            )
        else:
            response = getattr(client, method)(url, data, **headers)
        if response.status_code >= 500:
            errors.append(f"{name}: {response.status_code}")
        after = _snapshot(world)
        if after != before:
            changed.append(name)
            before = after
    assert errors == []
    assert changed == [], "section B was changed from outside"


@pytest.mark.parametrize("role", ROLES)
def test_nobody_outside_section_b_can_fetch_its_draft_recording(client, world, role):
    """A recording's bytes carry no secret word to find: its addresses answer 404 instead."""
    from home.storage import public_name

    name = world.b_video.file.name
    assert name.startswith("private/")
    _client_for(client, world, role, "/")
    for url in (f"/media/{name}", f"/media/{public_name(name)}", f"/media-signed/{name}"):
        assert client.get(url).status_code == 404, url
    # B's own editors play it in their draft through a signed link.
    b_editor, _pw = add_person(world.b, "b-editor")
    client.force_login(b_editor)
    draft = client.get(f"/admin/pages/{world.b_lecture_draft.pk}/view_draft/").content.decode()
    signed = world.b_video.url
    assert signed.split("?")[0] in draft
    assert client.get(signed, HTTP_RANGE="bytes=0-9").status_code == 206


def test_the_matrix_does_detect_a_leak(client, world):
    """The rows are real doors: B's own moderator, let in, does see and change B's content."""
    b_moderator = world.b_moderated.current_workflow_task.specific.groups.get().user_set.get()
    _token, b_token = APIToken.create_token(user=b_moderator, name="own")
    client.force_login(b_moderator)
    # A preview shows what its editor last posted to it, so B's moderator posts the draft lecture first.
    draft = world.b_lecture_draft
    client.post(
        f"/admin/pages/{draft.pk}/edit/preview/",
        _lecture_form(draft, draft.title, world.b_video, world.b_captions),
    )

    def read(url):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {b_token}"} if url.startswith("/api/v3/") else {}
        return _text(client.get(url, **headers))

    seen = {name for name, url in READS(world) if _leaked(world, read(url))}
    assert {
        "edit view (draft)",
        "revision view",
        "workflow preview",
        "page chooser",
        "image chooser",
        "sign-up list of B's date",
        "sign-up export of B's date (CSV)",
        "check-in page of B's person",
    } <= seen
    assert {
        "media index",
        "media index of B's collection",
        "media index search",
        "media edit",
        "media delete form",
        "media usage",
        "media chooser",
        "media chooser (video)",
        "media chooser search",
        "media chooser collection",
        "media chosen",
        "lecture edit view (draft)",
        "lecture edit view (live)",
        "lecture preview (draft)",
        "lecture view draft",
        "lecture view draft (draft)",
        "lecture revision view",
        "lecture usage",
        "v3 API lectures",
        "v3 API lectures, all fields",
        "v3 API detail (draft lecture)",
        "admin API lectures",
        "admin API detail (draft lecture)",
    } <= seen
    before = _snapshot(world)
    client.post(f"/admin/pages/{world.b_live.pk}/lock/")
    assert _snapshot(world) != before
    unchanged = []
    for name, method, url, data in _lecture_writes(world):
        before = _snapshot(world)
        getattr(client, method)(url, data)
        if _snapshot(world) == before:
            unchanged.append(name)
    assert unchanged == []


def test_editor_cannot_publish_in_own_section_without_approval(client, world):
    editor = world.users["editor"]
    own = StandardPageFactory(parent=world.a, title="海淀草稿", live=False)
    client.force_login(editor)
    client.post(f"/admin/pages/{own.pk}/edit/", {**_page_form("海淀草稿"), "action-publish": "1"})
    own.refresh_from_db()
    assert not own.live
    response = client.post(
        f"/api/v3/pages/{own.pk}/actions/publish/",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world.tokens['editor']}",
    )
    own.refresh_from_db()
    assert not own.live and response.status_code in (401, 403)


def test_moderator_cannot_approve_another_sections_work(client, world):
    client.force_login(world.users["moderator"])
    client.post(
        f"/admin/pages/workflow/action/{world.b_moderated.pk}/approve/{world.task_state.pk}/",
        {"comment": ""},
    )
    world.task_state.refresh_from_db()
    assert world.task_state.status == "in_progress"
    assert not world.b_moderated.__class__.objects.get(pk=world.b_moderated.pk).live


def test_uploads_by_an_editor_land_in_their_own_collection_only(client, world):
    client.force_login(world.users["editor"])
    upload = SimpleUploadedFile("a.png", get_test_image_file().file.getvalue(), content_type="image/png")
    response = client.post(
        "/admin/images/add/",
        {"title": "偷放的图", "file": upload, "collection": world.b_image.collection_id},
    )
    assert (
        not get_image_model()
        .objects.filter(title="偷放的图", collection_id=world.b_image.collection_id)
        .exists()
    )
    assert response.status_code in (200, 302, 403)


def test_section_editors_share_speakers_but_cannot_change_or_delete_them(client, world, django_user_model):
    """Speakers are shared by every section: an editor may add one, not rename or delete one in use elsewhere."""
    from django.contrib.auth.models import Group

    from home.permissions import APPROVERS
    from lectures.models import Speaker

    speaker = world.speaker
    fields = {"name": speaker.name, "title": speaker.title, "affiliation": speaker.affiliation, "bio": ""}
    client.force_login(world.users["editor"])
    assert client.get("/admin/snippets/lectures/speaker/").status_code == 200

    client.post(f"/admin/snippets/lectures/speaker/edit/{speaker.pk}/", {**fields, "name": "被改的名字"})
    client.post(f"/admin/snippets/lectures/speaker/delete/{speaker.pk}/")
    assert Speaker.objects.filter(pk=speaker.pk).values_list("name", "title", "affiliation").get() == (
        speaker.name,
        speaker.title,
        speaker.affiliation,
    )

    response = client.post(
        "/admin/snippets/lectures/speaker/add/", {**fields, "name": "海淀新讲师", "affiliation": "海淀区科协"}
    )
    assert response.status_code == 302
    assert Speaker.objects.filter(name="海淀新讲师", affiliation="海淀区科协").exists()

    # The same posts from the association's approvers do change and delete: the doors are real.
    approver = django_user_model.objects.create_user("approver", password="x")
    approver.groups.add(Group.objects.get(name=APPROVERS))
    client.force_login(approver)
    client.post(f"/admin/snippets/lectures/speaker/edit/{speaker.pk}/", {**fields, "name": "改名讲师"})
    assert Speaker.objects.get(pk=speaker.pk).name == "改名讲师"
    unused = Speaker.objects.get(name="海淀新讲师")
    client.post(f"/admin/snippets/lectures/speaker/delete/{unused.pk}/")
    assert not Speaker.objects.filter(pk=unused.pk).exists()
    # A speaker on live lectures is protected even from approvers: deleting would change those pages.
    response = client.post(f"/admin/snippets/lectures/speaker/delete/{speaker.pk}/")
    assert response.status_code < 500
    assert Speaker.objects.filter(pk=speaker.pk).exists()


def test_an_editor_cannot_put_another_sections_image_on_their_page_by_its_id(client, world):
    """The image chooser hides B's images; posting one's id in the page form is refused too."""
    own = StandardPageFactory(parent=world.a, title="海淀页面")
    client.force_login(world.users["editor"])
    form = {**_page_form("海淀页面"), "slug": own.slug, "listing_image": world.b_image.pk}
    response = client.post(f"/admin/pages/{own.pk}/edit/", form)
    assert "你没有权限使用这个文件" in response.content.decode()
    assert own.get_latest_revision_as_object().listing_image_id is None


def test_another_sections_workflow_is_not_told_by_the_cancellation_confirmation(client, world):
    """Wagtail's view named the workflow and task of any page in moderation to any admin user."""
    workflow = world.b_moderated.get_workflow()
    client.force_login(world.users["editor"])
    response = client.get(f"/admin/pages/workflow/confirm_cancellation/{world.b_moderated.pk}/")
    assert response.status_code in (302, 403)
    body = response.content.decode()
    assert workflow.name not in body and world.task_state.task.name not in body


def test_a_crafted_edit_without_a_streamfield_count_is_refused_not_a_500(client, world):
    client.force_login(world.users["editor"])
    own = StandardPageFactory(parent=world.a, title="甲的页面")
    response = client.post(
        f"/admin/pages/{own.pk}/edit/", {"title": "改过", "slug": own.slug, "body-0-type": "x"}
    )
    assert response.status_code == 200
    assert "提交的内容不完整" in response.content.decode()
    own.refresh_from_db()
    assert own.title == "甲的页面" and own.get_latest_revision_as_object().title == "甲的页面"


def test_the_admin_api_still_lists_a_sections_own_media_to_its_editors(client, world, django_user_model):
    """The other side of the matrix: B's own editor finds B's image and caption file there."""
    client.force_login(django_user_model.objects.get(username="b-editor"))
    images = client.get(f"/admin/api/main/images/?search={SECRET}").json()["items"]
    documents = client.get(f"/admin/api/main/documents/?search={SECRET}").json()["items"]
    assert world.b_image.title in [item["title"] for item in images]
    assert world.b_document.title in [item["title"] for item in documents]

"""
What a publish leaves to the task worker (home.renditions, Wagtail's search
index) and what it never does: the first visitor, app or calendar after a publish
waits for no picture to be resized, and an urgent answer is findable at once even
with the worker behind.
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from articles.tests.fixtures import in_a_day, make_article, make_clarification
from events.tests.fixtures import add_event, soon
from home.demo import demo_image
from home.models import StandardPage
from home.tests.test_deliveries import DATABASE_TASKS, _run_worker_until
from lectures.tests.fixtures import make_lecture
from search.tests.test_chinese_search import _found

Rendition = get_image_model().get_rendition_model()


def picture(title, colour):
    return demo_image(title, colour, Collection.get_first_root_node())


def figure(image):
    return (
        "figure",
        {"image": {"image": image, "decorative": False, "alt_text": "示意图"}, "caption": "图注"},
    )


def visit_everything(client, pages, listings=()):
    """Every public door that shows these pages' pictures: pages, listings, API, feeds."""
    paths = ["/", *listings]
    for page in pages:
        paths += [page.url, page.get_parent().url, f"/api/v3/pages/{page.pk}/"]
    for path in paths:
        assert client.get(path).status_code == 200, path


def test_a_visitor_after_a_publish_waits_for_no_picture_to_be_made(
    client, django_capture_on_commit_callbacks, haidian, article_index, series, speaker
):
    speaker.photo = picture("王雨桐", "#335577")
    speaker.save()
    with django_capture_on_commit_callbacks(execute=True):
        haidian.logo = picture("海淀区科协标志", "#0b5cad")
        haidian.save_revision().publish()
        pages = [
            haidian,
            make_article(
                haidian,
                "家庭节水小窍门",
                listing_image=picture("节水海报", "#00aa88"),
                body=[("paragraph", "<p>一水多用。</p>"), figure(picture("节水示意图", "#2266aa"))],
            ),
            add_event(haidian, "科技周开放日", soon(5, 9), image=picture("开放日", "#aa4400")),
            make_lecture(
                series, "冬夜观星", soon(9, 19), speakers=[speaker], listing_image=picture("星空", "#111144")
            ),
        ]
    made = Rendition.objects.count()
    assert made >= 20, "publishing made each page's sizes"

    visit_everything(
        client, pages, ["/articles/", "/articles/feed/rss/", "/articles/feed/json/", "/lectures/"]
    )

    assert Rendition.objects.count() == made, "no visitor's request made a picture"


@pytest.mark.django_db(transaction=True)
def test_with_a_worker_the_publish_leaves_sizes_and_the_index_to_it(
    client, settings, home, clarification_index, incident
):
    settings.TASKS = DATABASE_TASKS
    image = picture("观星入门配图", "#223344")
    assert _run_worker_until(
        lambda: Rendition.objects.filter(image=image, filter_spec="max-165x165").exists()
    ), "an upload gets its admin thumbnail from the worker"
    admin = get_user_model().objects.create_superuser("boss", "boss@example.org", "pw")
    client.force_login(admin)
    form = nested_form_data(
        {
            "title": "观星入门",
            "slug": "guan-xing",
            "summary": "",
            "listing_image": image.pk,
            "body": streamfield([("paragraph", rich_text("<p>双子座流星雨</p>")), figure(image.pk)]),
            "action-publish": "publish",
        }
    )
    assert client.post(f"/admin/pages/add/home/standardpage/{home.pk}/", form).status_code == 302
    page = StandardPage.objects.get(slug="guan-xing")
    assert page.live
    client.logout()
    assert Rendition.objects.filter(image=image).count() == 1, "the editor's publish waited for no resizing"
    assert page.pk not in _found(client, "双子座流星雨")[1], "the index is the worker's to update"

    assert _run_worker_until(lambda: Rendition.objects.filter(image=image).count() > 1)
    assert page.pk in _found(client, "双子座流星雨")[1]
    made = Rendition.objects.count()
    visit_everything(client, [page])
    assert Rendition.objects.count() == made

    # The duty expert's urgent answer does not wait for the worker to be findable.
    urgent = make_clarification(
        clarification_index, incident, "今晚有余震", urgent=True, urgent_until=in_a_day()
    )
    assert urgent.pk in _found(client, "余震")[1]

"""
What a page shows besides its own row (a tour's stops, a clarification's
sources and corrections, a lecture's speakers, an article's topics) is read
once and kept until the next publish (home.routing.kept_with_page), in the
order editors work: publish, edit a draft, preview it, publish again.
Readers see the draft's changes only once it is published; its preview shows
them at once.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from articles.models import ClarificationPage
from articles.tests.fixtures import clarification_form, make_article
from events.tests.fixtures import soon


def tables_read(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode(), " ".join(query["sql"] for query in queries.captured_queries)


def _approve(client, person, page):
    client.force_login(person)
    page.refresh_from_db()
    task_state = page.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live and not page.has_unpublished_changes


def test_a_correction_reaches_readers_when_the_duty_expert_approves_it_not_before(
    client, clarification_index, incident, people
):
    editor, reader = people["editor"], client.__class__()
    # The editor writes the answer with one source and submits it; the duty expert approves.
    client.force_login(editor)
    add = f"/admin/pages/add/articles/clarificationpage/{clarification_index.pk}/"
    assert client.post(add, {**clarification_form(incident), "action-submit": "1"}).status_code == 302
    page = ClarificationPage.objects.child_of(clarification_index).get()
    _approve(client, people["duty_expert"], page)

    html, _sql = tables_read(reader, page.url)
    assert "中国地震局通报" in html
    html, sql = tables_read(reader, page.url)  # seen again: its sources are kept with the version
    assert "articles_clarificationevidence" not in sql and "articles_clarificationupdate" not in sql

    # A second source and a correction, edited during review.
    client.force_login(editor)
    first = page.evidence.get()
    corrected = clarification_form(
        incident,
        slug=page.slug,
        evidence=inline_formset(
            [
                {"id": first.pk, "title": "中国地震局通报", "publisher": "中国地震局", "url": "", "date": ""},
                {"title": "北京市地震局答记者问", "publisher": "北京市地震局", "url": "", "date": ""},
            ],
            initial=1,
        ),
        updates=inline_formset([{"date": "2026-11-29 08:00", "note": "补充北京市地震局的说明"}]),
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", {**corrected, "action-submit": "1"})
    assert response.status_code == 302
    html, _sql = tables_read(reader, page.url)
    assert "北京市地震局答记者问" not in html and "补充北京市地震局的说明" not in html
    preview = client.get(f"/admin/pages/{page.pk}/view_draft/").content.decode()
    assert "北京市地震局答记者问" in preview and "补充北京市地震局的说明" in preview

    _approve(client, people["duty_expert"], page)
    html, _sql = tables_read(reader, page.url)
    assert "北京市地震局答记者问" in html and "补充北京市地震局的说明" in html
    assert html.index("中国地震局通报") < html.index("北京市地震局答记者问")


def _tour_form(tour, stops):
    return nested_form_data(
        {
            "title": tour.title,
            "slug": tour.slug,
            "summary": "",
            "stops": inline_formset(stops, initial=tour.stops.count()),
            "festival": "",
            "audience": [],
            "is_free": "on",
            "capacity": "",
            "signup_opens_days": "14",
            "signup_closes_hours": "2",
            "seats_per_person": "1",
            "registration_url": "",
            "accessibility_notes": "",
            "image": "",
            "body": streamfield([]),
        }
    )


def test_a_tours_new_stop_shows_when_published_and_its_preview_shows_it_first(
    admin_client, client, programme, planetarium
):
    tour = programme["tour"]
    html, _sql = tables_read(client, tour.url)
    assert "天文馆" in html and "暂停" not in html
    html, sql = tables_read(client, tour.url)
    assert "events_tourstop" not in sql  # seen again: the stops and their drawing are kept

    stops = [
        {
            "id": stop.pk,
            "venue": stop.venue_id,
            "start_date": stop.start_date.isoformat(),
            "end_date": stop.end_date.isoformat(),
            "status": stop.status,
            "note": "",
        }
        for stop in tour.stops.all()
    ]
    stops[-1]["note"] = "天文馆站延长开放至晚上九点"
    stops.append(
        {
            "venue": planetarium.pk,
            "start_date": soon(20).date().isoformat(),
            "end_date": soon(22).date().isoformat(),
            "status": "scheduled",
            "note": "回访天文馆",
        }
    )
    saved = admin_client.post(f"/admin/pages/{tour.pk}/edit/", _tour_form(tour, stops))
    assert saved.status_code == 302, saved.content.decode()[:3000]
    html, _sql = tables_read(client, tour.url)
    assert "天文馆站延长开放至晚上九点" not in html and "回访天文馆" not in html
    preview = admin_client.get(f"/admin/pages/{tour.pk}/view_draft/").content.decode()
    assert "天文馆站延长开放至晚上九点" in preview and "回访天文馆" in preview

    published = admin_client.post(
        f"/admin/pages/{tour.pk}/edit/", {**_tour_form(tour, stops), "action-publish": "1"}
    )
    assert published.status_code == 302
    html, _sql = tables_read(client, tour.url)
    assert "天文馆站延长开放至晚上九点" in html and html.count("回访天文馆") == 1
    assert html.count('"ExhibitionEvent"') == 4  # the JSON-LD is drawn anew with the stops


def test_an_articles_topics_follow_its_publishes(client, article_index, haidian):
    article = make_article(haidian, "冬季用电安全", tags=["安全"])
    html, _sql = tables_read(client, article.url)
    assert "安全" in html
    html, sql = tables_read(client, article.url)
    assert "taggit_tag" not in sql
    article.tags.add("节能")
    article.save_revision().publish()
    html, _sql = tables_read(client, article.url)
    assert "节能" in html and '"keywords": ["安全", "节能"]' in html

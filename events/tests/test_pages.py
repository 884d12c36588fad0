"""Page-type rules, rendering, structured data and the API for the calendar pages."""

import json
import re

import pytest
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from events.models import EventIndexPage, EventPage, FestivalPage, TourPage
from home.models import HomePage, SectionIndexPage, SectionPage
from home.sections import setup_section
from tests.fixtures import tree_roots

from .fixtures import next_weekday


class CalendarPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        root = tree_roots()
        Page.objects.child_of(root).delete()
        cls.home = root.add_child(instance=HomePage(title="首都科普", slug="home"))
        Site.objects.all().delete()
        Site.objects.create(hostname="testserver", root_page=cls.home, is_default_site=True)
        cls.calendar = cls.home.add_child(instance=EventIndexPage(title="活动日历", slug="calendar"))
        cls.section = setup_section(kind="district", name="海淀区科协", slug="haidian")

    def test_the_calendar_sits_under_home_once(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertEqual(EventIndexPage.max_count, 1)
        self.assertCanNotCreateAt(SectionPage, EventIndexPage)
        self.assertAllowedSubpageTypes(EventIndexPage, {FestivalPage, TourPage, EventPage})

    def test_festivals_live_in_the_calendar_and_events_in_sections_or_the_calendar(self):
        self.assertAllowedParentPageTypes(FestivalPage, {EventIndexPage})
        self.assertCanCreateAt(EventIndexPage, EventPage)
        self.assertCanCreateAt(EventIndexPage, TourPage)
        self.assertEqual(set(EventPage.parent_page_types), {"events.EventIndexPage", "home.SectionPage"})
        self.assertCanNotCreateAt(SectionIndexPage, EventPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertAllowedSubpageTypes(FestivalPage, set())
        self.assertAllowedSubpageTypes(EventPage, set())

    @pytest.mark.skipif(
        "events.EventPage" not in SectionPage.subpage_types,
        reason="waits for SectionPage.subpage_types += ['events.EventPage', 'events.TourPage'] in home/models.py",
    )
    def test_section_editors_can_add_events_and_tours_in_their_section(self):
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage, SectionPage})
        self.assertAllowedParentPageTypes(TourPage, {EventIndexPage, SectionPage})

    def test_an_event_can_be_created_in_the_calendar_from_the_editor(self):
        start = next_weekday(2, 14)

        self.login()
        data = nested_form_data(
            {
                "title": "机器人编程体验",
                "start": start.strftime("%Y-%m-%d %H:%M"),
                "end": start.replace(hour=16).strftime("%Y-%m-%d %H:%M"),
                "repeat_interval": "1",
                "signup_opens_days": "14",
                "signup_closes_hours": "2",
                "seats_per_person": "1",
                "is_free": "on",
                "body": streamfield([]),
                "date_changes": inline_formset([]),
            }
        )
        # A checkbox list posts one value per box (nested_form_data would number them).
        data["audience"] = ["children", "students"]
        self.assertCanCreate(self.calendar, EventPage, data)
        event = EventPage.objects.get(title="机器人编程体验")
        self.assertEqual(event.audience, "children,students")
        self.assertEqual(event.slug, "ji-qi-ren-bian-cheng-ti-yan")

    def test_the_calendar_renders(self):
        self.assertPageIsRenderable(self.calendar)


def jsonld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


@pytest.mark.django_db
def test_event_page_shows_every_date_with_its_status_and_json_ld(client, programme):
    html = client.get(programme["series"].url).content.decode()
    assert html.count('class="badge badge-cancelled"') == 1
    assert "延期" in html and "改期" in html and "天气预报有雨" in html
    assert "添加到日历" in html and f'href="{programme["series"].url}ical/"' in html
    [nodes] = jsonld(html)
    statuses = [node["eventStatus"].rsplit("/", 1)[1] for node in nodes]
    assert statuses[:4] == ["EventScheduled", "EventCancelled", "EventPostponed", "EventRescheduled"]
    rescheduled = nodes[3]
    assert rescheduled["previousStartDate"] < rescheduled["startDate"]
    assert rescheduled["location"]["name"] == "海淀区图书馆"
    assert nodes[0]["location"]["geo"]["@type"] == "GeoCoordinates"
    assert nodes[0]["location"]["address"]["@type"] == "PostalAddress"
    assert nodes[0]["organizer"]["name"] == "海淀区科协"
    assert nodes[0]["eventAttendanceMode"].endswith("OfflineEventAttendanceMode")


@pytest.mark.django_db
def test_tour_page_shows_the_itinerary_with_now_showing_and_next_stop(client, programme):
    html = client.get(programme["tour"].url).content.decode()
    assert "巡展路线" in html
    assert html.count('class="stop ') == 3
    assert "下一站" in html
    assert "已取消" in html
    nodes = jsonld(html)[0]
    assert [node["@type"] for node in nodes] == ["ExhibitionEvent"] * 3
    assert nodes[1]["eventStatus"].endswith("EventCancelled")


@pytest.mark.django_db
def test_festival_programme_is_shown_by_day_and_venue(client, programme, science_week):
    html = client.get(science_week.url).content.decode()
    assert "科普嘉年华" in html and "北京天文馆" in html
    [node] = jsonld(html)
    assert node["@type"] == "Festival" and node["location"]["name"] == "北京科学中心"
    calendar_html = client.get("/calendar/").content.decode()
    assert "历届活动周" in calendar_html and "2026北京科技周" in calendar_html


@pytest.mark.django_db
def test_venue_page_lists_what_is_on_there(client, programme, haidian_library):
    html = client.get(f"/calendar/venues/{haidian_library.pk}/").content.decode()
    assert "海淀区图书馆" in html
    assert "人工智能与生活" in html
    assert "周六观星夜" in html, "the date moved here is on here"


@pytest.mark.django_db
def test_the_api_gives_each_date_with_the_same_status(client, programme):
    series = programme["series"]
    data = client.get(f"/api/v3/pages/{series.pk}/").json()
    assert [date["status"] for date in data["dates"]][:4] == [
        "scheduled",
        "cancelled",
        "postponed",
        "rescheduled",
    ]
    assert data["dates"][1]["status_label"] == "已取消"
    assert data["dates"][1]["note"] == "天气预报有雨"


@pytest.mark.django_db
def test_editors_forms_open_for_every_calendar_type(admin_client, calendar, science_centre):
    from django.urls import reverse

    for model in ("eventpage", "tourpage", "festivalpage"):
        response = admin_client.get(reverse("wagtailadmin_pages:add", args=("events", model, calendar.pk)))
        assert response.status_code == 200, model
    assert admin_client.get(reverse("wagtailsnippets_events_venue:add")).status_code == 200
    edit = admin_client.get(reverse("wagtailsnippets_events_venue:edit", args=(science_centre.pk,)))
    assert "科普教育基地" in edit.content.decode()


@pytest.mark.django_db
def test_the_home_page_says_a_tour_stop_is_on_show_not_the_day_it_opened(
    client, calendar, haidian, science_centre
):
    """「11月23日」 for a stop that opened last week read as past; it says 正在展出 and until when."""
    from events.models import TourStop
    from home.templatetags.dates import day

    from .fixtures import publish, soon

    tour = TourPage(
        title="1831流动科技馆",
        stops=[TourStop(venue=science_centre, start_date=soon(-3).date(), end_date=soon(4).date())],
    )
    haidian.add_child(instance=tour)
    publish(tour)
    html = client.get("/").content.decode()
    item = html.split("1831流动科技馆", 1)[0].rsplit("<li>", 1)[1]
    assert "正在展出" in item
    assert f'至<time datetime="{soon(4):%Y-%m-%d}">{day(soon(4))}</time>' in item
    assert day(soon(-3)) not in item


def test_dates_of_restricted_pages_stay_out_of_every_calendar(client, calendar, haidian, chaoyang):
    """A page behind a view restriction, or under one, lists none of its dates anywhere public."""
    from wagtail.models import PageViewRestriction

    from .fixtures import add_event, soon

    add_event(haidian, "公开活动", soon(2, 10))
    add_event(haidian, "内部活动", soon(2, 14))
    add_event(chaoyang, "朝阳会员活动", soon(3, 10))
    PageViewRestriction.objects.create(page=EventPage.objects.get(title="内部活动"), restriction_type="login")
    PageViewRestriction.objects.create(page=chaoyang, restriction_type="password", password="x")
    for url in ["/calendar/", "/calendar/ical/"]:
        body = client.get(url).content.decode()
        assert "公开活动" in body and "内部活动" not in body and "朝阳会员活动" not in body, url
    titles = [item["title"] for item in client.get("/api/v3/occurrences/").json()["items"]]
    assert titles == ["公开活动"]

"""
Signing up for a date on a phone: the last seat goes to the first person, the
next one joins the waiting list, and when the first cancels the second moves up.
Each person has a browser of their own.
"""

import re
from contextlib import contextmanager

import pytest

from events.tests.fixtures import add_event, soon
from tests.browser.conftest import WIDTHS, PageVisit

TICKET_URL = re.compile(r".*/signup/ticket/([A-Z0-9]+)/$")


@pytest.fixture
def stargazing(haidian, science_centre):
    return add_event(
        haidian,
        "亲子观星夜",
        soon(3, 19),
        venue=science_centre,
        summary="用望远镜看月亮和木星。",
        takes_signups=True,
        capacity=1,
    )


@contextmanager
def another_phone(browser, visit):
    """Someone else's phone: a browser context of its own (no cookies, no HTTP cache)."""
    other = PageVisit(browser, visit.base_url, *WIDTHS["phone"])
    other.name = "phone"
    try:
        yield other
    finally:
        other.close()


def seats_on_event_page(visit, event):
    response = visit.goto(event.url)
    assert response.status == 200
    seats = visit.page.locator("li.occurrence p.occurrence-seats").first
    return seats, response.headers.get("x-page-cache")


def sign_up(visit, name, phone, button):
    """Fill in the form and send it; returns the ticket's path and code."""
    page = visit.page
    form = page.locator("form.signup-form")
    assert form.is_visible()
    page.fill("#id_name", name)
    page.fill("#id_phone", phone)
    assert page.locator("#id_party_size").input_value() == "1"
    page.check("#id_consent")
    trap = page.locator("input[name=website]")  # the honeypot: off-screen, out of the tab order
    assert trap.bounding_box()["x"] + trap.bounding_box()["width"] <= 0
    assert trap.get_attribute("tabindex") == "-1"
    with page.expect_navigation():
        form.get_by_role("button", name=button).click()
    match = TICKET_URL.match(page.url)
    assert match, f"the form should lead to a ticket, not {page.url}"
    return page.url.removeprefix(visit.base_url), match.group(1)


@pytest.mark.parametrize("visit", ["phone"], indirect=True)
def test_the_last_seat_then_the_waiting_list_then_moving_up(visit, browser, stargazing):
    a = visit

    # A: the event page shows one seat left, and the button leads to the form.
    seats, _ = seats_on_event_page(a, stargazing)
    assert re.search(r"剩余名额\s*1 / 1", seats.inner_text())
    with a.page.expect_navigation():
        seats.get_by_role("link", name="报名", exact=True).click()
    assert re.search(rf"/signup/{stargazing.pk}/[^/]+/\d{{8}}T\d{{6}}Z/$", a.page.url)
    assert a.page.locator("h1").inner_text() == "报名"
    assert a.axe_violations() == []
    a.screenshot("signup-form-phone")

    a_ticket, a_code = sign_up(a, "张三", "13800138000", "提交报名")
    assert a.page.locator("h1").inner_text() == "报名成功"
    assert a.page.locator("p.ticket-code").inner_text() == a_code
    assert a.page.locator("figure.ticket-qr svg").is_visible()
    assert a.page.get_by_role("button", name="确认取消报名").is_hidden(), "folded away until asked for"
    assert a.axe_violations() == []
    a.screenshot("signup-ticket-confirmed-phone")

    with another_phone(browser, visit) as b:
        # B: the event page already shows the date as full.
        seats, cached = seats_on_event_page(b, stargazing)
        assert "已满" in seats.inner_text(), f"seats shown: {seats.inner_text()!r} (X-Page-Cache: {cached})"
        assert "剩余名额" not in seats.inner_text()
        b.screenshot("signup-event-full-phone")

        # B: joins the waiting list.
        with b.page.expect_navigation():
            seats.get_by_role("link", name="加入候补").click()
        assert "已满" in b.page.locator("p.seats").inner_text()
        assert b.axe_violations() == []
        b.screenshot("signup-form-full-phone")
        b_ticket, b_code = sign_up(b, "李四", "13900139000", "加入候补")
        assert b_code != a_code
        assert b.page.locator("h1").inner_text() == "已进入候补名单"
        assert "候补第 1 位" in b.page.locator("main").inner_text()
        assert b.page.locator("p.ticket-code").inner_text() == b_code
        assert b.page.locator("figure.ticket-qr").count() == 0, "no QR code without a seat"
        assert b.axe_violations() == []
        b.screenshot("signup-ticket-waitlisted-phone")

        # A: cancels from their ticket.
        assert a.goto(a_ticket).status == 200
        assert a.page.locator("h1").inner_text() == "报名成功"
        a.page.get_by_text("取消报名", exact=True).click()
        confirm = a.page.get_by_role("button", name="确认取消报名")
        assert confirm.is_visible()
        a.screenshot("signup-cancel-open-phone")
        with a.page.expect_navigation():
            confirm.click()
        assert a.page.url.removeprefix(a.base_url) == a_ticket
        assert a.page.locator("h1").inner_text() == "报名已取消"
        assert a.page.locator("figure.ticket-qr").count() == 0
        assert a.page.get_by_role("button", name="确认取消报名").count() == 0
        assert a.axe_violations() == []
        a.screenshot("signup-ticket-cancelled-phone")

        # B: has moved up.
        assert b.goto(b_ticket).status == 200
        assert b.page.locator("h1").inner_text() == "报名成功"
        assert "候补" not in b.page.locator(".ticket-card").inner_text()
        assert b.page.locator("figure.ticket-qr svg").is_visible()
        assert b.axe_violations() == []
        b.screenshot("signup-ticket-promoted-phone")
        assert b.errors == []

    # Someone else: the date is still full, B holding the seat A gave back.
    with another_phone(browser, visit) as c:
        seats, cached = seats_on_event_page(c, stargazing)
        assert "已满" in seats.inner_text(), f"seats shown: {seats.inner_text()!r} (X-Page-Cache: {cached})"
        assert c.errors == []
    assert a.errors == []


@pytest.mark.parametrize("visit", ["phone"], indirect=True)
def test_a_cached_event_page_shows_the_seats_taken_since(visit, browser, stargazing, page_cache):
    """With the page cache on, as in production, the seats shown must not lag behind the sign-ups."""
    seats, _ = seats_on_event_page(visit, stargazing)
    assert re.search(r"剩余名额\s*1 / 1", seats.inner_text())
    with another_phone(browser, visit) as other:
        _, cached = seats_on_event_page(other, stargazing)
        assert cached == "hit", "the page is served from the page cache"
    with visit.page.expect_navigation():
        seats.get_by_role("link", name="报名", exact=True).click()
    sign_up(visit, "张三", "13800138000", "提交报名")
    assert visit.page.locator("h1").inner_text() == "报名成功"
    with another_phone(browser, visit) as other:
        seats, cached = seats_on_event_page(other, stargazing)
        assert "已满" in seats.inner_text(), f"seats shown: {seats.inner_text()!r} (X-Page-Cache: {cached})"

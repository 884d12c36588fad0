"""
Records shown on pages but edited outside them (a venue, a speaker, an incident,
an expert) change every cached page and filter that shows them at once, without
anyone publishing: a renamed venue is never shown by its old name.
"""

from events.tests.fixtures import add_event, soon


def test_a_venue_renamed_or_added_reaches_cached_pages_and_the_calendars_filter(
    client, calendar, haidian, science_centre, page_cache
):
    event = add_event(haidian, "科技周开放日", soon(3, 9), venue=science_centre)
    for path in ("/calendar/", event.url):
        assert science_centre.name in client.get(path).content.decode()
        assert client.get(path)["X-Page-Cache"] == "hit"

    science_centre.name = "北京科学中心（新馆）"
    science_centre.save()
    for path in ("/calendar/", event.url):
        assert "北京科学中心（新馆）" in client.get(path).content.decode(), path

    from events.models import Venue

    Venue.objects.create(name="中国科技馆", address="北京市朝阳区北辰东路5号", district="chaoyang")
    assert ">中国科技馆</option>" in client.get("/calendar/").content.decode(), "offered in the venue filter"


def test_a_speakers_new_title_reaches_the_cached_lecture_page(client, recorded_lecture, speaker, page_cache):
    assert speaker.title in client.get(recorded_lecture.url).content.decode()
    speaker.title = "正高级工程师"
    speaker.save()
    assert "正高级工程师" in client.get(recorded_lecture.url).content.decode()

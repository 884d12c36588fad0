"""A recorded lecture as a viewer meets it, on a phone and a desktop: the video, its captions, the transcript."""

import re

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.handlers.wsgi import WSGIHandler

from lectures.models import LectureSeriesPage, Speaker
from lectures.tests.fixtures import CHINESE_LINES, make_recorded_lecture

VIDEO = "document.getElementById('lecture-video')"
# The sample is 8 s long with four 2-second cues: the third is said from 4 s to 6 s, the fourth from 6 s.
THIRD, FOURTH = CHINESE_LINES[2], CHINESE_LINES[3]
MARKED_LINE = """() => {
    const marked = document.querySelectorAll('.transcript-line[aria-current="true"]');
    return marked.length === 1 ? marked[0].querySelector('.cue-text').textContent : marked.length;
}"""


@pytest.fixture(autouse=True)
def media_served_by_the_project(live_server):
    """
    Django's live server answers /media/ itself with django.views.static.serve, which
    ignores Range: the browser would get a 200 and home.media_serve would never run.
    Send /media/ through the project's URLconf instead (SERVE_MEDIA is on in the test
    settings), as runserver and the one-machine deployment do.
    """
    httpd = live_server.thread.httpd
    original = httpd.get_app()
    httpd.set_app(StaticFilesHandler(WSGIHandler()))
    yield
    httpd.set_app(original)


@pytest.fixture
def lecture(home):
    series = home.add_child(instance=LectureSeriesPage(title="首都科学讲堂", slug="lectures"))
    series.save_revision().publish()
    speaker = Speaker.objects.create(name="王雨桐", title="首席预报员", affiliation="北京市气象台")
    return make_recorded_lecture(series, speaker)


def open_lecture(visit, lecture):
    """The lecture page, once the browser has read the video's metadata."""
    response = visit.goto(lecture.url)
    assert response.status == 200
    h264 = visit.page.evaluate(
        """() => document.createElement("video").canPlayType('video/mp4; codecs="avc1.42E01E"')"""
    )
    assert h264, "this Chromium cannot play H.264, so the lecture video cannot be checked"
    visit.page.wait_for_function(f"{VIDEO}.readyState >= 1")
    return visit.page.locator("#lecture-video")


def video_time(page):
    return page.evaluate(f"{VIDEO}.currentTime")


def contrast(foreground, background):
    """WCAG contrast ratio of two opaque computed colours, 'rgb(r, g, b)'."""

    def luminance(colour):
        channels = [int(value) / 255 for value in re.findall(r"\d+", colour)[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_recorded_lecture_plays_with_captions_and_is_accessible(visit, lecture):
    media_responses = []
    visit.page.on("response", lambda response: "/media/" in response.url and media_responses.append(response))
    video = open_lecture(visit, lecture)
    page = visit.page

    assert page.locator("h1").inner_text() == "暴雨来临前：读懂气象预警信号"
    assert video.is_visible()
    assert video.get_attribute("controls") is not None
    assert video.get_attribute("preload") == "metadata"
    assert page.evaluate(f"{VIDEO}.duration") == pytest.approx(8, abs=0.1)
    assert page.evaluate(f"{VIDEO}.videoWidth") == 320
    poster = video.get_attribute("poster")
    assert poster
    poster_response = page.request.get(visit.base_url + poster)
    assert poster_response.status == 200
    assert poster_response.headers["content-type"] == "image/png"

    # The browser asks for the recording in byte ranges, and gets them: seeking needs no full download.
    src = page.evaluate(f"{VIDEO}.currentSrc")
    assert "/media/" in src and src.endswith(".mp4")
    answers = [(r.status, r.headers.get("content-range", "")) for r in media_responses if r.url == src]
    assert any(status == 206 and re.fullmatch(r"bytes \d+-\d+/\d+", ranged) for status, ranged in answers), (
        answers
    )
    status, content_range, length = page.evaluate(
        """async (src) => {
            const response = await fetch(src, {headers: {Range: "bytes=100-199"}});
            const body = await response.arrayBuffer();
            return [response.status, response.headers.get("content-range"), body.byteLength];
        }""",
        src,
    )
    assert (status, length) == (206, 100)
    assert content_range.startswith("bytes 100-199/")

    # The Chinese captions come first and are the default; the browser reads every cue of them.
    tracks = page.locator("#lecture-video track")
    assert [tracks.nth(i).get_attribute("srclang") for i in range(tracks.count())] == ["zh-Hans", "en"]
    assert tracks.first.get_attribute("default") is not None
    assert page.evaluate(f"{VIDEO}.textTracks[0].language") == "zh-Hans"
    page.evaluate(f"{VIDEO}.textTracks[0].mode = 'showing'")
    page.wait_for_function(
        f"(n) => {VIDEO}.textTracks[0].cues && {VIDEO}.textTracks[0].cues.length === n",
        arg=len(CHINESE_LINES),
    )
    first_cue = page.evaluate(f"(({{text, startTime}}) => [text, startTime])({VIDEO}.textTracks[0].cues[0])")
    assert first_cue == [CHINESE_LINES[0], 0]

    # Under the player, the same words as a transcript, one button a line.
    lines = page.locator(".transcript-line")
    assert lines.locator(".cue-text").all_inner_texts() == CHINESE_LINES
    assert lines.locator(".timecode").all_inner_texts() == ["0:00", "0:02", "0:04", "0:06"]

    assert visit.errors == []
    assert visit.axe_violations() == []
    visit.screenshot(f"lecture-{visit.name}")


def test_clicking_a_transcript_line_plays_the_video_from_there(visit, lecture):
    open_lecture(visit, lecture)
    page = visit.page
    line = page.get_by_role("button", name=re.compile(re.escape(THIRD)))
    assert page.evaluate(MARKED_LINE) == 0
    line.click()
    page.wait_for_function(f"{VIDEO}.currentTime >= 3.9")
    assert video_time(page) < 8
    # The line being said is marked, and only that one (the seek's own timeupdate marks it)...
    page.wait_for_function(f"({MARKED_LINE})() === {THIRD!r}")
    assert page.evaluate(f"{VIDEO}.paused") is False
    # ...and as the video plays on, the mark follows the speech to the next line.
    page.wait_for_function(f"({MARKED_LINE})() === {FOURTH!r}", timeout=10_000)
    assert visit.errors == []
    page.evaluate("window.scrollTo(0, 0)")  # the sticky header would otherwise sit mid-page in the shot
    visit.screenshot(f"lecture-playing-{visit.name}")


def test_transcript_lines_work_from_the_keyboard(visit, lecture):
    open_lecture(visit, lecture)
    page = visit.page
    lines = page.locator(".transcript-line")
    lines.nth(0).focus()
    assert [lines.nth(i).get_attribute("tabindex") for i in range(4)] == [
        "0",
        "-1",
        "-1",
        "-1",
    ]  # one Tab stop
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # the arrow keys move from line to line
    assert lines.nth(2).evaluate("line => line === document.activeElement")
    page.keyboard.press("Tab")  # and Tab leaves the transcript
    assert not lines.nth(3).evaluate("line => line === document.activeElement")
    lines.nth(2).focus()
    assert video_time(page) == 0
    page.keyboard.press("Enter")
    page.wait_for_function(f"{VIDEO}.currentTime >= 3.9")
    page.wait_for_function(f"[{THIRD!r}, {FOURTH!r}].includes(({MARKED_LINE})())")
    assert visit.errors == []


def test_transcript_fits_the_screen(visit, lecture):
    # site.css gives every <button> white-space: nowrap; a transcript line must wrap on a phone.
    open_lecture(visit, lecture)
    widths = visit.page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths[0]}px of content in {widths[1]}px"


def test_a_transcript_line_under_the_pointer_stays_readable(visit, lecture):
    open_lecture(visit, lecture)
    line = visit.page.locator(".transcript-line").nth(2)
    line.hover()
    colour, background = line.evaluate(
        "line => [getComputedStyle(line).color, getComputedStyle(line).backgroundColor]"
    )
    assert contrast(colour, background) >= 4.5, (colour, background)

"""
A Science Week evening on the site, for locust: the whole city at once.

    .venv/bin/locust -f bench/evening_locust.py --headless -H http://127.0.0.1:8000 \
        --users 60 --spawn-rate 20 --run-time 60s [--think-min 0.5 --think-max 2] [--edit-every 5]

``bench/evening_bench.py`` builds the database, serves the site as in production
and runs this; it can also be pointed at any running copy of the demo site.

Who comes, and how much of the traffic each makes (locust ``weight`` is users;
all of them but the editor share one think time, so the shares of users are
the shares of requests, give or take the video's second range):

=====================  ======  ====================================================
who                    share   what they do
=====================  ======  ====================================================
Visitor                  76 %  anonymous phones and browsers: home, the calendar
                               and its filters, event, lecture (and its video by
                               Range), article and clarification pages, search
AppPoller                14 %  the mobile app and the TV channel: the v3 API by page
                               type, /api/v3/occurrences/, RSS / Atom / JSON feeds
                               and the CAP index, conditional (If-None-Match /
                               If-Modified-Since) like a real client
CalendarSubscriber       10 %  Apple / Google / Outlook calendars re-reading the iCal
                               feeds of the site, a festival, a section, a series,
                               conditional as well
Editor                 1 user  the association's approver in /admin/, publishing an
                               edit of a Science Week event every ``--edit-every`` s
=====================  ======  ====================================================

Within a visit, pages are weighted as a Science Week evening looks in access
logs of such sites: the calendar and its filters and event pages first, then
home, lectures (a third of which play the recording), articles, search and the
clarifications of the day. Every request is named by its endpoint group, so
locust's statistics (and the runner's table) are per group.

The URLs are not hard-coded: before the first user starts, the calendar's
filter form, the v3 API and each page's ``<link rel="alternate">`` are read
from the site under test, so the filter values, pages, videos and feeds are
the real ones of whatever content is loaded.
"""

import collections
import html
import json
import random
import re
import threading
import time
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

import requests
from locust import HttpUser, events, task

# Chinese searches people type during an earthquake rumour and a flu season, with variations.
SEARCHES = [
    "地震",
    "科普",
    "如何应对地震",
    "流感疫苗",
    "地震预警",
    "疫苗",
    "天文",
    "人工智能",
    "暴雨预警",
    "科技周",
    "黑洞",
    "碳中和",
    "儿童 科学实验",
    "流感",
    "应急包",
]
API_TYPES = [
    "events.EventPage",
    "lectures.LecturePage",
    "articles.ArticlePage",
    "articles.ClarificationPage",
    "events.FestivalPage",
]
ALTERNATE = re.compile(r"<link\s+rel=\"alternate\"[^>]*>")
ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
FEED_TYPES = {"application/rss+xml", "application/atom+xml", "application/feed+json"}
SELECT = re.compile(r'<select[^>]*name="(\w+)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')
VIDEO_SOURCE = re.compile(r'<source src="([^"]+)" type="video/')


@events.init_command_line_parser.add_listener
def _(parser):
    parser.add_argument(
        "--think-min", type=float, default=1.0, help="seconds between a user's requests, least"
    )
    parser.add_argument(
        "--think-max", type=float, default=3.0, help="seconds between a user's requests, most"
    )
    parser.add_argument(
        "--edit-every", type=float, default=5.0, help="seconds between the editor's publishes"
    )
    parser.add_argument("--editor", default="approver", help="demo account that publishes (may publish)")
    parser.add_argument("--editor-password", default="kepu-demo-2026")
    parser.add_argument(
        "--extra-out", default="", help="write conditional-request and publish counts here (JSON)"
    )


# What the site under test has, read once before the first user starts ---------------------------


class Site:
    lock = threading.Lock()
    ready = False
    calendar_filters = {}  # field name -> list of values from the calendar's form
    festivals = []  # {"id", "slug", "start_date", "end_date", "url"}
    week = None  # this year's Science Week among them
    events = []
    lectures = []
    videos = []  # media URLs of lecture recordings
    articles = []
    clarifications = []
    indexes = []  # listing pages: lectures, articles, clarifications, sections
    feeds = []  # RSS / Atom / JSON / CAP
    icals = []
    api_polls = []
    editable = []  # page ids the editor publishes edits of


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _api_pages(base, page_type, detail=False):
    """Every live page of a type from the v3 API (50 a request), or each one's detail."""
    items, offset = [], 0
    while True:
        query = urlencode({"type": page_type, "limit": 50, "offset": offset})
        data = requests.get(f"{base}/api/v3/pages/?{query}", timeout=30).json()
        items += data["items"]
        offset += 50
        if offset >= data["count"]:
            break
    if detail:
        return [requests.get(item["meta"]["detail_url"], timeout=30).json() for item in items]
    return items


def _alternates(base, path):
    text = requests.get(base + path, timeout=30).text
    found = []
    for tag in ALTERNATE.findall(text):
        attributes = dict(ATTRIBUTE.findall(tag))
        found.append((attributes.get("type", ""), html.unescape(attributes.get("href", ""))))
    return text, found


def discover(base):
    with Site.lock:
        if Site.ready:
            return
        text, _links = _alternates(base, "/calendar/")
        for name, options in SELECT.findall(text):
            Site.calendar_filters[name] = [html.unescape(value) for value in OPTION.findall(options)]
        for item in _api_pages(base, "events.FestivalPage", detail=True):
            Site.festivals.append(
                {
                    "id": item["id"],
                    "slug": item["meta"]["slug"],
                    "start_date": item.get("start_date"),
                    "end_date": item.get("end_date"),
                    "url": _path(item["meta"]["html_url"]),
                }
            )
        event_items = _api_pages(base, "events.EventPage", detail=True)
        Site.events = [_path(item["meta"]["html_url"]) for item in event_items]
        Site.events += [_path(item["meta"]["html_url"]) for item in _api_pages(base, "events.TourPage")]
        # This year's Science Week (科技周): most filtering is by it, and the editor edits its events.
        weeks = [f for f in Site.festivals if "ke-ji-zhou" in f["slug"]] or Site.festivals
        Site.week = max(weeks, key=lambda f: f["start_date"] or "", default=None)
        Site.editable = [
            item["id"]
            for item in event_items
            if Site.week and (item.get("festival") or {}).get("id") == Site.week["id"]
        ] or [item["id"] for item in event_items[:5]]
        Site.lectures = [_path(item["meta"]["html_url"]) for item in _api_pages(base, "lectures.LecturePage")]
        Site.articles = [_path(item["meta"]["html_url"]) for item in _api_pages(base, "articles.ArticlePage")]
        Site.clarifications = [
            _path(item["meta"]["html_url"]) for item in _api_pages(base, "articles.ClarificationPage")
        ]
        for page_type in ("lectures.LectureSeriesPage", "home.SectionPage"):
            Site.indexes += [_path(item["meta"]["html_url"]) for item in _api_pages(base, page_type)]
        feeds, icals = set(), set()
        pages = ["/", "/calendar/", "/articles/", "/clarifications/"]
        pages += Site.indexes + [f["url"] for f in Site.festivals]
        for path in pages:
            page_text, links = _alternates(base, path)
            for kind, href in links:
                if kind == "text/calendar":
                    icals.add(_path(href))
                elif kind in FEED_TYPES:
                    feeds.add(_path(href))
            if path in Site.indexes:
                for source in VIDEO_SOURCE.findall(page_text):
                    Site.videos.append(html.unescape(source))
        for path in Site.lectures:
            page_text = requests.get(base + path, timeout=30).text
            Site.videos += [html.unescape(source) for source in VIDEO_SOURCE.findall(page_text)]
        Site.videos = sorted(set(Site.videos))
        Site.indexes += ["/articles/", "/clarifications/"]
        Site.feeds, Site.icals = sorted(feeds), sorted(icals)
        Site.api_polls = [f"/api/v3/pages/?type={page_type}" for page_type in API_TYPES]
        Site.api_polls += ["/api/v3/pages/?type=articles.ClarificationPage&urgent=true"]
        Site.api_polls += ["/api/v3/occurrences/"]
        for festival in Site.festivals:
            Site.api_polls.append(f"/api/v3/occurrences/?festival={festival['slug']}")
        for district in Site.calendar_filters.get("district", [])[:6]:
            Site.api_polls.append(f"/api/v3/occurrences/?district={district}")
        missing = [
            name
            for name in ("events", "lectures", "articles", "clarifications", "feeds", "icals", "editable")
            if not getattr(Site, name)
        ]
        if missing:
            raise RuntimeError(f"the site under test has no {', '.join(missing)}: is the demo loaded?")
        Site.ready = True


@events.init.add_listener
def _(environment, **kwargs):
    # Before the run-time clock starts (headless), so a run's seconds are all load.
    if environment.host:
        discover(environment.host.rstrip("/"))


@events.test_start.add_listener
def _(environment, **kwargs):
    discover(environment.host.rstrip("/"))
    print(
        f"evening: {len(Site.events)} events, {len(Site.lectures)} lectures ({len(Site.videos)} videos), "
        f"{len(Site.articles)} articles, {len(Site.clarifications)} clarifications, {len(Site.feeds)} feeds, "
        f"{len(Site.icals)} iCal feeds, {len(Site.api_polls)} API polls, "
        f"filters {', '.join(f'{k}:{len(v)}' for k, v in Site.calendar_filters.items())}, "
        f"editor publishes pages {Site.editable}",
        flush=True,
    )


# Counts locust's table has no column for -----------------------------------------------------------

COUNTS = collections.Counter()


@events.test_stop.add_listener
def _(environment, **kwargs):
    path = environment.parsed_options.extra_out if environment.parsed_options else ""
    if path:
        with open(path, "w") as out:
            json.dump(dict(COUNTS), out)


def _think(user):
    options = user.environment.parsed_options
    low, high = (options.think_min, options.think_max) if options else (1.0, 3.0)
    return random.uniform(low, high)


class Anonymous(HttpUser):
    abstract = True
    wait_time = _think

    def on_start(self):
        discover(self.host.rstrip("/"))
        self.validators = {}

    def expect(self, url, name, statuses=(200,), **kwargs):
        with self.client.get(url, name=name, catch_response=True, **kwargs) as response:
            if response.status_code not in statuses:
                response.failure(f"HTTP {response.status_code}")
            # Who answered: Varnish in front (X-Cache), if any, else the app's page cache (X-Page-Cache;
            # a copy Varnish kept carries the header of the request that filled it, so it is not counted).
            varnish = response.headers.get("X-Cache", "").lower()
            if varnish:
                COUNTS[f"{name}|x-cache|{varnish}"] += 1
            if response.headers.get("X-Page-Cache") and varnish != "hit":
                COUNTS[f"{name}|x-page-cache|{response.headers['X-Page-Cache'].lower()}"] += 1
            return response

    def poll(self, url, name):
        """A conditional GET with what the last answer said, as an app or a calendar does."""
        headers = {}
        etag, modified = self.validators.get(url, (None, None))
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        response = self.expect(url, name, (200, 304), headers=headers)
        COUNTS[f"{name} conditional"] += bool(headers)
        COUNTS[f"{name} 304"] += response.status_code == 304
        if response.status_code == 200:
            self.validators[url] = (response.headers.get("ETag"), response.headers.get("Last-Modified"))


class Visitor(Anonymous):
    weight = 76

    @task(12)
    def home(self):
        self.expect("/", "home")

    @task(10)
    def calendar(self):
        self.expect("/calendar/", "calendar")

    @task(16)
    def calendar_filtered(self):
        self.expect("/calendar/?" + urlencode(self.filters()), "calendar?filters")

    def filters(self):
        """One to three of the form's filters, with dates or a month now and then, as people combine them."""
        available = {name: values for name, values in Site.calendar_filters.items() if values}
        query = {}
        for name in random.sample(sorted(available), k=min(len(available), random.choice((1, 1, 2, 3)))):
            if name == "festival" and Site.week and random.random() < 0.7:
                query[name] = Site.week["slug"]
            else:
                query[name] = random.choice(available[name])
        festival = next((f for f in Site.festivals if f["slug"] == query.get("festival")), None)
        choice = random.random()
        if festival and festival["start_date"] and choice < 0.3:
            query["start"], query["end"] = festival["start_date"], festival["end_date"]
        elif festival and festival["start_date"] and choice < 0.5:
            query["view"], query["month"] = "month", festival["start_date"][:7]
        elif choice < 0.6:
            query["page"] = "2"
        return query

    @task(16)
    def event(self):
        self.expect(random.choice(Site.events), "event page")

    @task(8)
    def lecture(self):
        self.expect(random.choice(Site.lectures + Site.indexes[:1]), "lecture page")
        if Site.videos and random.random() < 0.35:
            self.watch(random.choice(Site.videos))

    def watch(self, video):
        """The player's first range, then a later one (a seek, or the next chunk): both 206."""
        first = self.expect(video, "video range", (206,), headers={"Range": "bytes=0-1048575"})
        total = int((first.headers.get("Content-Range") or "/0").rsplit("/", 1)[1] or 0)
        if total > 1:
            start = random.randrange(total // 2, total)
            end = min(total - 1, start + 1048575)
            self.expect(video, "video range", (206,), headers={"Range": f"bytes={start}-{end}"})

    @task(12)
    def article(self):
        self.expect(random.choice(Site.articles + ["/articles/"]), "article page")

    @task(6)
    def search(self):
        self.expect("/search/?" + urlencode({"q": random.choice(SEARCHES)}), "search")

    @task(8)
    def clarification(self):
        self.expect(random.choice(Site.clarifications + ["/clarifications/"]), "clarification page")

    @task(4)
    def section(self):
        self.expect(random.choice(Site.indexes), "section / index page")


class AppPoller(Anonymous):
    weight = 14

    @task(5)
    def api_pages(self):
        url = random.choice([poll for poll in Site.api_polls if poll.startswith("/api/v3/pages/")])
        self.poll(url, "api pages")

    @task(3)
    def api_occurrences(self):
        url = random.choice([poll for poll in Site.api_polls if poll.startswith("/api/v3/occurrences/")])
        self.poll(url, "api occurrences")

    @task(4)
    def feed(self):
        self.poll(random.choice(Site.feeds), "feeds (rss/atom/json/cap)")


class CalendarSubscriber(Anonymous):
    weight = 10

    @task
    def ical(self):
        self.poll(random.choice(Site.icals), "ical")


# The editor ----------------------------------------------------------------------------------------


class EditForm(HTMLParser):
    """The fields of Wagtail's page edit form as a browser would post them, StreamFields included."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.fields = []
        self.textarea = None
        self.select = None
        self.streams = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form":
            self.inside = attributes.get("id") == "page-edit-form"
            return
        if not self.inside:
            return
        name = attributes.get("name")
        if "data-w-block-arguments-value" in attributes and attributes.get("id"):
            value, _errors = json.loads(attributes["data-w-block-arguments-value"])
            self.streams[attributes["id"]] = value
        if not name or "__prefix__" in name:
            return
        if tag == "input":
            kind = attributes.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attributes:
                    self.fields.append((name, attributes.get("value", "on")))
            elif kind not in ("submit", "button", "file"):
                self.fields.append((name, attributes.get("value") or ""))
        elif tag == "textarea":
            self.textarea = [name, ""]
        elif tag == "select":
            self.select = [name, None, "multiple" in attributes]
        elif tag == "option" and self.select is not None and "selected" in attributes:
            self.fields.append((self.select[0], attributes.get("value", "")))
            self.select[1] = True

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            self.fields.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            if not self.select[1] and not self.select[2]:
                self.fields.append((self.select[0], ""))  # no option selected: the empty one
            self.select = None

    def data(self):
        fields = list(self.fields)
        for prefix, value in self.streams.items():
            fields += stream_fields(prefix, value)
        return fields


def stream_fields(prefix, value):
    """A StreamField (or nested block) value as the admin's JavaScript would post it."""
    if isinstance(value, list) and all(isinstance(item, dict) and "type" in item for item in value):
        out = [(f"{prefix}-count", str(len(value)))]
        for number, child in enumerate(value):
            here = f"{prefix}-{number}"
            out += [(f"{here}-deleted", ""), (f"{here}-order", str(number))]
            out += [(f"{here}-type", child["type"]), (f"{here}-id", child.get("id") or "")]
            out += stream_fields(f"{here}-value", child["value"])
        return out
    if isinstance(value, list):  # ListBlock: [{"value", "id"}]
        out = [(f"{prefix}-count", str(len(value)))]
        for number, child in enumerate(value):
            here = f"{prefix}-{number}"
            out += [
                (f"{here}-deleted", ""),
                (f"{here}-order", str(number)),
                (f"{here}-id", child.get("id") or ""),
            ]
            out += stream_fields(f"{here}-value", child.get("value"))
        return out
    if isinstance(value, dict):
        if "id" in value and set(value) <= {"id", "edit_url", "preview", "title", "string", "url", "alt"}:
            return [(prefix, str(value["id"]))]  # a chooser's state: its object's id
        out = []
        for name, child in value.items():
            out += stream_fields(f"{prefix}-{name}", child)
        return out
    if value is True:
        return [(prefix, "on")]
    if value is False or value is None:
        return [] if value is False else [(prefix, "")]
    return [(prefix, str(value))]


CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ERRORS = re.compile(r'class="error-message"[^>]*>\s*(?:<[^>]+>\s*)*([^<]+)')


class Editor(HttpUser):
    """The association's approver in the admin: opens a Science Week event, edits its summary, publishes."""

    fixed_count = 1
    weight = 0

    def on_start(self):
        discover(self.host.rstrip("/"))
        self.started = time.monotonic()
        self.number = 0
        options = self.environment.parsed_options
        self.every = options.edit_every if options else 5.0
        username = options.editor if options else "approver"
        password = options.editor_password if options else "kepu-demo-2026"
        page = self.client.get("/admin/login/", name="admin log-in")
        token = CSRF.search(page.text)
        response = self.client.post(
            "/admin/login/",
            data={
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token and token.group(1),
            },
            headers={"Referer": self.host.rstrip("/") + "/admin/login/"},
            name="admin log-in",
        )
        if not response.url.rstrip("/").endswith("/admin"):
            raise RuntimeError(f"{username} could not log in to /admin/")

    def wait_time(self):
        return max(0.0, self.every - (time.monotonic() - self.started))

    @task
    def publish(self):
        self.started = time.monotonic()
        self.number += 1
        page_id = Site.editable[self.number % len(Site.editable)]
        edit = f"/admin/pages/{page_id}/edit/"
        form = self.client.get(edit, name="admin edit form")
        if form.status_code != 200:
            return
        parser = EditForm()
        parser.feed(form.text)
        data = [(name, value) for name, value in parser.data() if name != "summary"]
        summary = dict(parser.fields).get("summary", "")
        summary = re.sub(r"（现场更新 \d+）$", "", summary) + f"（现场更新 {self.number}）"
        data += [("summary", summary), ("action-publish", "action-publish")]
        with self.client.post(
            edit,
            data=data,
            headers={"Referer": self.host.rstrip("/") + edit},
            allow_redirects=False,
            name="admin publish",
            catch_response=True,
        ) as response:
            if response.status_code == 302 and not response.headers.get("Location", "").endswith("/edit/"):
                COUNTS["published"] += 1
            else:
                reasons = [html.unescape(error.strip()) for error in ERRORS.findall(response.text)][:3]
                COUNTS["publish refused"] += 1
                response.failure(f"not published: HTTP {response.status_code} {reasons}")

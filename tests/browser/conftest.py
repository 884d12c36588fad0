"""
Browser tests: Playwright for Python driving Debian's chromium (no browser
download), with axe-core from npm injected for accessibility checks.

Without chromium or axe-core these tests are skipped, and `pytest -rs` (the
default here) prints why, so a green run never hides that they did not run.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM calls
# from fixtures would otherwise refuse to run next to it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}


def _missing():
    if not Path(CHROMIUM).exists():
        return "browser tests skipped: no chromium (apt-get install chromium, as .ci/run does)"
    if not AXE_JS.exists():
        return "browser tests skipped: no axe-core (npm ci, as make test does when npm exists)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "browser tests skipped: playwright is not installed (pip install -r requirements-dev.txt)"
    return None


def pytest_collection_modifyitems(config, items):
    reason = _missing()
    if reason and os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
        raise pytest.UsageError(reason.replace("skipped", "required (REQUIRE_BROWSER_TESTS=1)"))
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


class PageVisit:
    """A page opened at one width, remembering console errors and failed requests."""

    def __init__(self, browser, base_url, width, height, bypass_csp=True):
        # axe-core and Playwright's own waits are injected inline, which our Content
        # Security Policy rightly blocks; test_content_security_policy.py visits without this.
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", bypass_csp=bypass_csp
        )
        self.page = self.context.new_page()
        self.base_url = base_url
        self.errors = []
        self.page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def goto(self, path):
        response = self.page.goto(self.base_url + path, wait_until="networkidle")
        return response

    def axe_violations(self, impacts=("serious", "critical")):
        self.page.add_script_tag(path=str(AXE_JS))
        results = self.page.evaluate("async () => await axe.run(document)")
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} "
            f"→ {[node['target'] for node in violation['nodes']][:3]}"
            for violation in results["violations"]
            if violation["impact"] in impacts
        ]

    def screenshot(self, name):
        folder = Path(os.environ.get("TEST_ARTIFACTS", "test-artifacts"))
        folder.mkdir(exist_ok=True)
        self.page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    def close(self):
        # Leaving an admin edit page sends Wagtail's editing-session release (a beacon) to
        # the live server, which shares the test's database connection: let it finish
        # before the database is emptied for the next test, or the two transactions collide.
        self.page.goto("about:blank")
        self.page.wait_for_timeout(500)
        self.context.close()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def visit(request, browser, live_server):
    width, height = WIDTHS[request.param]
    visit = PageVisit(browser, live_server.url, width, height)
    visit.name = request.param
    yield visit
    visit.close()

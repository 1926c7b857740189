"""Browser tests: Playwright (Python) driving Debian's Chromium at /usr/bin/chromium.

A plugin loaded once by the root conftest (`pytest_plugins`), so that every test module,
here or in an app's tests, shares one browser per worker: a second copy of these fixtures
(re-exported in another module) started a second Playwright, which refuses to run inside
the first one's event loop.

They run whenever Chromium is installed; CI sets CHUDONG_BROWSER_TESTS=1, which turns a
missing browser into a failure instead of a skip. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("CHUDONG_BROWSER_TESTS") == "1":
        raise pytest.UsageError(f"browser tests required but {CHROMIUM} is missing")
    skip = pytest.mark.skip(reason="Chromium is not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by
    # the test itself (fixtures, assertions) are still plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(chromium):
    contexts = []

    def _new_page(viewport=DESKTOP, **options):
        context = chromium.new_context(viewport=viewport, locale="vi-VN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def _shot(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    # The form posts and the answer (a redirect to the start page, or the form again) is
    # loaded; no waiting for half a second of network silence on every login.
    with page.expect_navigation(wait_until="load"):
        page.click("button[type=submit]")

"""Every demo role logs in, opens its unit page, and it reads well at desktop and phone
width (screenshots in test-artifacts/)."""

from __future__ import annotations

import pytest

from chudong.demo import tree
from conftest import reference_data

from .conftest import DESKTOP, PHONE, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_it_lets_every_demo_role_open_its_unit_page(live_server, new_page, screenshot):
    reference_data()
    world = tree.build(records=False)
    logins = {login.username: login for login in world.logins}
    assert set(tree.DEMO_USERNAMES) == set(logins)
    for username in tree.DEMO_USERNAMES:
        expected_unit = logins[username].unit
        page = new_page(DESKTOP)
        errors = []
        page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
        page.on(
            "console",
            lambda msg, errors=errors: errors.append(msg.text) if msg.type == "error" else None,
        )
        log_in(page, live_server.url, username, tree.DEMO_PASSWORD)
        if page.url.rstrip("/") == live_server.url:
            # Holders of several roles land on "My units": open the first.
            page.get_by_role("link", name=expected_unit).first.click()
        for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            if label == "phone":
                page.set_viewport_size(viewport)
                page.reload()
            page.wait_for_load_state("load")
            assert page.locator("h1").first.inner_text() == expected_unit, username
            # The page fits the screen: no horizontal scrolling at phone width.
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (username, label, overflow)
            assert not errors, (username, label, errors)
            screenshot(page, f"unit-{username}-{label}")
        page.context.close()

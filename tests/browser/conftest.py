"""The browser fixtures live in tests/browser/fixtures.py (a plugin the root conftest loads
for every test module); the names the tests import are here too."""

from tests.browser.fixtures import ARGS, ARTIFACTS, CHROMIUM, DESKTOP, PHONE, log_in

__all__ = ["ARGS", "ARTIFACTS", "CHROMIUM", "DESKTOP", "PHONE", "log_in"]

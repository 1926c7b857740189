"""The main menu: entries follow what the user may do anywhere, the current page's entry
is marked, the language is the user's; the menu is rendered once per process for each
(entries, current entry, language), never handed to someone who sees other entries."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menu(page: str) -> list[tuple[str, bool]]:
    """(label, current?) of every link in the page's menu."""
    block = re.search(r'<aside class="sidenav">(.*?)</aside>', page, re.S)
    assert block, "the page has a menu"
    return [
        (label, "aria-current" in attributes)
        for attributes, label in re.findall(r"<a ([^>]*)>([^<]+)</a>", block.group(1))
    ]


def labels(page: str) -> set[str]:
    return {label for label, _current in menu(page)}


def test_each_user_sees_the_entries_of_their_own_capabilities(world):
    admin_page = _client(world.users["central_admin"]).get("/notifications/").content.decode()
    # The same page right after, for someone with fewer capabilities: the kept
    # rendering of the admin's menu must not be handed over.
    member_page = _client(world.users["member"]).get("/notifications/").content.decode()
    outsider_page = _client(world.users["outsider"]).get("/notifications/").content.decode()

    assert {"Sổ đoàn viên", "Bảng số liệu", "Quy định theo Điều lệ"} <= labels(admin_page)
    assert "Sổ đoàn viên" not in labels(member_page)
    assert "Trang của tôi" in labels(member_page)
    assert labels(member_page) < labels(admin_page)
    assert labels(outsider_page) <= labels(member_page)


def test_the_current_pages_entry_is_marked_and_only_it(world):
    client = _client(world.users["secretary"])
    on_rules = menu(client.get(reverse("rules:list")).content.decode())
    on_notifications = menu(client.get("/notifications/").content.decode())

    assert [label for label, current in on_rules if current] == ["Quy định theo Điều lệ"]
    # "My units" is the home page "/", which every path starts with: marked only there.
    assert [label for label, current in on_notifications if current] == []


def test_the_menu_follows_the_language(world):
    client = _client(world.users["secretary"])
    vietnamese = labels(client.get("/notifications/").content.decode())
    client.post("/i18n/setlang/", {"language": "en", "next": "/notifications/"})
    english = labels(client.get("/notifications/").content.decode())

    assert "Sổ đoàn viên" in vietnamese and "Member register" not in vietnamese
    assert "Member register" in english and "Sổ đoàn viên" not in english


def _client(user) -> Client:
    client = Client()
    client.force_login(user, backend="chudong.accounts.backends.UsernameEmailPhoneBackend")
    return client

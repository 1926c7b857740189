"""The remembered reverse() and the `{% url %}` tag that uses it."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix

from chudong.core import urls_cache


def test_it_answers_what_django_answers_and_remembers_it():
    urls_cache._urls.clear()
    assert urls_cache.reverse("members:detail", kwargs={"member_id": 7}) == reverse(
        "members:detail", kwargs={"member_id": 7}
    )
    assert urls_cache.reverse("orgs:unit", args=[3]) == reverse("orgs:unit", args=[3])
    assert len(urls_cache._urls) == 2
    urls_cache.reverse("orgs:unit", args=[3])
    assert len(urls_cache._urls) == 2


def test_the_script_prefix_is_part_of_the_answer():
    try:
        set_script_prefix("/chudong/")
        assert urls_cache.reverse("orgs:unit", args=[3]) == "/chudong/units/3/"
    finally:
        set_script_prefix("/")
    assert urls_cache.reverse("orgs:unit", args=[3]) == "/units/3/"


def test_it_raises_what_django_raises_and_remembers_nothing_then():
    urls_cache._urls.clear()
    with pytest.raises(NoReverseMatch):
        urls_cache.reverse("orgs:unit", args=["not a number"])
    assert urls_cache._urls == {}


def test_it_stays_bounded(monkeypatch):
    monkeypatch.setattr(urls_cache, "MAX", 3)
    urls_cache._urls.clear()
    for pk in range(10):
        urls_cache.reverse("orgs:unit", args=[pk])
    assert len(urls_cache._urls) <= 3


def test_the_url_tag_is_djangos_with_a_memory():
    template = Template(
        '<a href="{% url "orgs:unit" unit_id %}">x</a>{% url "orgs:nope" as missing %}'
        '[{{ missing }}]{% url "members:detail" member_id=5 as detail %}{{ detail }}'
    )
    html = template.render(Context({"unit_id": 12}))
    assert html == '<a href="/units/12/">x</a>[]/members/5/'
    with pytest.raises(NoReverseMatch):
        Template('{% url "orgs:nope" %}').render(Context({}))


def test_id_url_puts_the_id_where_reverse_would():
    unit_url = urls_cache.id_url("orgs:unit")
    assert [unit_url(pk) for pk in (1, 42, "7")] == [
        reverse("orgs:unit", args=[1]),
        reverse("orgs:unit", args=[42]),
        reverse("orgs:unit", args=[7]),
    ]
    try:
        set_script_prefix("/chudong/")
        assert urls_cache.id_url("members:detail")(5) == "/chudong/members/5/"
    finally:
        set_script_prefix("/")

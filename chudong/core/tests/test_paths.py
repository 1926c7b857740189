"""Materialised paths: fixed-width steps, ancestors, and the one subtree condition."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chudong.core.paths import (
    STEP_WIDTH,
    ancestors_of,
    depth_of,
    encode_step,
    is_within,
    subtree_q,
)

steps = st.integers(min_value=0, max_value=36**STEP_WIDTH - 1)


def test_it_encodes_steps_in_four_base_36_characters():
    assert encode_step(0) == "0000"
    assert encode_step(35) == "000z"
    assert encode_step(36) == "0010"
    assert encode_step(36**4 - 1) == "zzzz"
    with pytest.raises(ValueError):
        encode_step(36**4)
    with pytest.raises(ValueError):
        encode_step(-1)


@given(steps, steps)
def test_it_keeps_the_order_of_step_numbers_in_the_order_of_paths(a, b):
    assert len(encode_step(a)) == STEP_WIDTH
    assert (encode_step(a) < encode_step(b)) == (a < b)


def test_it_knows_depth_and_ancestors_of_a_path():
    path = "0000" + "0001" + "000a"

    assert depth_of("0000") == 0
    assert depth_of(path) == 2
    assert ancestors_of(path) == ["0000", "00000001"]
    assert ancestors_of("0000") == []
    assert is_within(path, "00000001")
    assert is_within(path, path)
    assert not is_within(path, path, include_self=False)
    assert not is_within("00000002", "00000001")


@given(st.lists(steps, min_size=1, max_size=4), st.lists(steps, min_size=1, max_size=4))
def test_it_builds_a_subtree_condition_that_agrees_with_prefixes(root_steps, other_steps):
    # The subtree condition is a range on the path; it must say exactly what the prefix says.
    root = "".join(encode_step(s) for s in root_steps)
    other = "".join(encode_step(s) for s in other_steps)
    for include_self in (True, False):
        condition = subtree_q("path", root, include_self=include_self)
        lookups = dict(condition.children)
        inside = all(
            {
                "path__gte": lambda bound: other >= bound,
                "path__gt": lambda bound: other > bound,
                "path__lt": lambda bound: other < bound,
            }[lookup](bound)
            for lookup, bound in lookups.items()
        )
        assert inside == is_within(other, root, include_self=include_self)

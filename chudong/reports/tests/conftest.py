from __future__ import annotations

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Dashboard tables are cached per roll-up run; ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()

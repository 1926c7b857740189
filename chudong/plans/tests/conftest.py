from chudong.ratings.tests.conftest import make_member  # noqa: F401 - the shared fixture

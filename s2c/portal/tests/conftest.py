import pytest


@pytest.fixture(autouse=True)
def _forget_buffered_page_views():
    """Page views are buffered per process; a test starts with none."""
    from ..services import feedback

    with feedback._views_lock:
        feedback._views.clear()
    yield

"""A crash right after a complaint is committed loses nothing: the confirmation with the
follow-up link was recorded, and its send queued, in the same transaction; a worker that
runs later sends it. Real processes on a file SQLite database with the database task queue
(s2c/core/scheduler/tests/support.py)."""

from __future__ import annotations

import pytest

from s2c.core.scheduler.tests import support

pytestmark = pytest.mark.django_db(transaction=True)

SUBMIT_THEN_DIE = """
import os
from django.db import connection
from s2c.care.tests import factories as f
from s2c.core.tests import factories as core_f

category = f.make_category(agency=core_f.make_agency(code="dinas-pu"), code="jalan-rusak")

def die_right_after_commit(*args, **kwargs):
    os._exit(9)  # killed between the commit and anything run on commit

connection.run_and_clear_commit_hooks = die_right_after_commit
f.submit(category, email="warga@example.test")
print("not reached")
"""


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    return support.migrated_template(tmp_path_factory)


def test_a_crash_right_after_the_commit_keeps_the_confirmation(template_db, tmp_path):
    data = support.migrated_copy(template_db, tmp_path / "data")
    crashed = support.python(data, SUBMIT_THEN_DIE)
    assert crashed.returncode == 9, crashed.stdout + crashed.stderr
    assert "not reached" not in crashed.stdout
    # A worker started afterwards sends it (the console email backend prints the message).
    ran = support.manage(data, "s2c_worker", "--batch", "--no-scheduler")
    assert ran.returncode == 0, ran.stdout + ran.stderr
    sent = ran.stdout
    assert "warga@example.test" in sent
    assert "/lapor/ikuti/" in sent  # the follow-up link

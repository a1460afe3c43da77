"""Seed the care benchmark: the reference data, the categories, two bench accounts and
1,000,000 reports (with their timelines) spread over two years, written with bulk_create
in batches through ``s2c.care.demo`` (the same generator as the demo seed).

    .venv/bin/python bench/care/generate.py                       # SQLite, bench/out/care-sqlite/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h_care_bench \\
        .venv/bin/python bench/care/generate.py
    .venv/bin/python bench/care/generate.py --count 100000

Adds reports until there are ``--count`` bench reports. Not a test.
"""

from __future__ import annotations

import argparse
import sys
import time

import _setup

_setup.setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from s2c.care import demo  # noqa: E402
from s2c.care.models import CareRole, Complaint  # noqa: E402
from s2c.care.seed import seed_categories  # noqa: E402
from s2c.core.models import Agency, Membership, User  # noqa: E402
from s2c.core.seed import seed_agencies, seed_regions  # noqa: E402

PASSWORD = "bench-care-password-1"
OFFICER, SUPERVISOR = "bench.officer", "bench.supervisor"


def accounts() -> None:
    officer, created = User.objects.get_or_create(
        username=OFFICER, defaults={"full_name": "Bench Officer"}
    )
    if created:
        officer.set_password(PASSWORD)
        officer.save()
    Membership.objects.get_or_create(
        user=officer, agency=Agency.objects.get(code="pu-bmtr"), role=Membership.Role.OFFICER
    )
    supervisor, created = User.objects.get_or_create(
        username=SUPERVISOR, defaults={"full_name": "Bench Supervisor"}
    )
    if created:
        supervisor.set_password(PASSWORD)
        supervisor.save()
    CareRole.objects.get_or_create(user=supervisor, role=CareRole.Role.SUPERVISOR)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--days", type=int, default=730, help="spread over this many days")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    seed_regions()
    seed_agencies()
    seed_categories()
    accounts()
    existing = Complaint.objects.count()
    missing = max(args.count - existing, 0)
    print(f"{connection.vendor}: {existing} reports, adding {missing}", flush=True)
    started = time.perf_counter()
    if missing:
        demo.generate(
            missing,
            seed=existing + 1,
            batch_size=args.batch,
            span_days=args.days,
            stdout=sys.stdout,
        )
    elapsed = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE care_complaint")
            cursor.execute("VACUUM ANALYZE care_complaintevent")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    total = Complaint.objects.count()
    rate = missing / elapsed if elapsed else 0
    print(f"{total} reports; added {missing} in {elapsed:.0f} s ({rate:.0f}/s)", flush=True)


if __name__ == "__main__":
    main()

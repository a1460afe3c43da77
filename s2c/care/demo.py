"""Bulk generation of realistic reports for the demo seed and the benchmark.

Reports are built in memory with consistent states, timestamps, working-day deadlines
(from ``s2c.core.calendar``), durations and timelines, then written with ``bulk_create``
in batches. It is a data import: it sends no notifications (the demo reporters are not
real people) and reserves tracking numbers per year under the counter's row lock."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from s2c.core.models import Agency, Region
from s2c.core.seed import kecamatan_by_region

from . import deadlines
from .bulk import BulkWriter
from .demo_data import (
    FIRST_NAMES,
    LAST_NAMES,
    NOT_AUTHORITY,
    PROGRESS,
    RATING_COMMENTS,
    REJECTIONS,
    REPLIES,
    RESOLUTIONS,
    STREETS,
    TEXTS,
)
from .models import Category, Complaint, ComplaintEvent, TrackingCounter

S = Complaint.Status
K = ComplaintEvent.Kind
R = ComplaintEvent.Role
STATE_WEIGHTS = {
    S.RECEIVED: 8,
    S.VERIFIED: 4,
    S.DISPOSITIONED: 12,
    S.IN_PROGRESS: 18,
    S.COMPLETED: 8,
    S.CLOSED: 38,
    S.REJECTED: 5,
    S.NOT_AUTHORITY: 4,
    S.MERGED: 3,
}
# Older reports are mostly settled, as in a working system.
OLD_STATE_WEIGHTS = {
    S.RECEIVED: 0,
    S.VERIFIED: 0,
    S.DISPOSITIONED: 1,
    S.IN_PROGRESS: 4,
    S.COMPLETED: 0,
    S.CLOSED: 80,
    S.REJECTED: 7,
    S.NOT_AUTHORITY: 5,
    S.MERGED: 3,
}
OLD_AFTER = dt.timedelta(days=90)
# A working office lets few reports pass their deadline: a report that the draw left open
# past its deadline stays so with this chance, else it is drawn again (settled further),
# so the demo shows some overdue reports among mostly punctual ones, not a wall of red.
KEEP_OVERDUE = 0.08
REDRAWS = 6
ORDER = [S.RECEIVED, S.VERIFIED, S.DISPOSITIONED, S.IN_PROGRESS, S.COMPLETED, S.CLOSED]
PRIVACY_WEIGHTS = {
    Complaint.Privacy.PUBLIC: 75,
    Complaint.Privacy.ANONIM: 15,
    Complaint.Privacy.RAHASIA: 10,
}


class _Draft:
    """A report being generated: plain attributes named like Complaint's columns, far
    cheaper than a model instance at a million rows. Setting a relation also sets its
    ``<name>_id``."""

    RELATIONS = frozenset(
        {
            "category",
            "region",
            "agency",
            "suggested_agency",
            "merged_into",
            "assigned_to",
            "reporter_user",
            "api_key",
        }
    )
    OPEN_STATUSES = Complaint.OPEN_STATUSES
    LISTED_STATUSES = Complaint.LISTED_STATUSES
    Privacy = Complaint.Privacy
    sync_flags = Complaint.sync_flags
    _defaults: dict | None = None

    def __init__(self, **values):
        if _Draft._defaults is None:
            _Draft._defaults = {f.attname: f.get_default() for f in Complaint._meta.concrete_fields}
        self.__dict__.update(_Draft._defaults)
        for name, value in values.items():
            setattr(self, name, value)

    def __setattr__(self, name, value):
        if name in self.RELATIONS:
            self.__dict__[f"{name}_id"] = value.pk if value is not None else None
        self.__dict__[name] = value

    @property
    def pk(self):
        return self.__dict__["id"]


@dataclass
class _Plan:
    complaint: _Draft
    events: list[dict] = field(default_factory=list)
    related: list[int] = field(default_factory=list)


def _hours(h: float) -> dt.timedelta:
    return dt.timedelta(hours=h)


class Generator:
    def __init__(
        self,
        *,
        now: dt.datetime | None = None,
        seed: int = 1,
        span_days: int = 365,
        region_weights: dict[str, int] | None = None,
        events: bool = True,
        recent_share: float = 0.0,
    ):
        self.now = now or timezone.now()
        self.rng = random.Random(seed)
        self.span_days = span_days
        self.recent_share = recent_share
        self.events = events
        self.categories = list(Category.objects.filter(is_active=True).select_related("agency"))
        if not self.categories:
            raise RuntimeError("No active care categories: run the care seeder first.")
        self.regions = list(Region.objects.exclude(latitude=None))
        # Real district names (s2c/core/data/kecamatan.csv); a region the file lacks
        # falls back to its capital's name.
        known = kecamatan_by_region()
        self.kecamatan = {r.code: known.get(r.code) or [r.capital or r.name] for r in self.regions}
        if not self.regions:
            raise RuntimeError("No regions: run `s2c seed` for the reference data first.")
        weights = region_weights or {"1671": 6, "1672": 2, "1674": 2}
        self.region_weights = [weights.get(r.code, 1) for r in self.regions]
        self.fallback_agencies = list(Agency.objects.filter(is_active=True)[:5])
        self.category_weights = [4 if c.code == "jalan-rusak" else 1 for c in self.categories]
        self.open_listed: list[_Draft] = []
        self._weights: dict[int, tuple[list, list]] = {}

    def _choice(self, weights: dict):
        options = self._weights.get(id(weights))
        if options is None:
            options = self._weights[id(weights)] = (list(weights), list(weights.values()))
        return self.rng.choices(options[0], weights=options[1])[0]

    def plan(self, created_at: dt.datetime) -> _Plan:
        today = deadlines.local_date(self.now)
        for attempt in range(REDRAWS):
            plan = self._draw(created_at, settle=attempt == REDRAWS - 1)
            c = plan.complaint
            overdue = c.is_open and c.deadline is not None and c.deadline < today
            if not overdue or self.rng.random() < KEEP_OVERDUE:
                break
        if c.is_listed and c.is_open:
            self.open_listed.append(c)
        return plan

    def _draw(self, created_at: dt.datetime, *, settle: bool = False) -> _Plan:
        """One report created at ``created_at``, walked towards a drawn state (towards
        closed with ``settle``)."""
        rng = self.rng
        category = rng.choices(self.categories, weights=self.category_weights)[0]
        region = rng.choices(self.regions, weights=self.region_weights)[0]
        spread = 0.04 if region.kind == Region.Kind.KOTA else 0.2
        lat = float(region.latitude) + rng.uniform(-spread, spread)
        lon = float(region.longitude) + rng.uniform(-spread, spread)
        kec = rng.choice(self.kecamatan[region.code])
        title, text = rng.choice(TEXTS.get(category.code) or TEXTS["pelayanan-publik"])
        place = rng.choice(STREETS)
        privacy = self._choice(PRIVACY_WEIGHTS)
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        c = _Draft(
            status=S.RECEIVED,
            kind=Complaint.Kind.PENGADUAN if rng.random() < 0.85 else Complaint.Kind.ASPIRASI,
            category=category,
            title=title.format(place=place, kec=kec)[:200],
            description=text.format(place=place, kec=kec),
            privacy=privacy,
            region=region,
            kecamatan=kec,
            address=f"{place}, {kec}",
            latitude=round(lat, 6),
            longitude=round(lon, 6),
            reporter_name=name if privacy != Complaint.Privacy.ANONIM or rng.random() < 0.3 else "",
            reporter_phone=f"08{rng.randint(11, 59)}{rng.randint(10000000, 99999999)}",
            reporter_email=(
                f"{name.split()[0].lower()}{rng.randint(1, 999)}@example.org"
                if rng.random() < 0.5
                else ""
            ),
            secret_hash=hashlib.sha256(os.urandom(16)).hexdigest(),
            submission_token=uuid.uuid4().hex,
            source=Complaint.Source.DEMO,
            created_at=created_at,
            public_updated_at=created_at,
            deadline=deadlines.verify_deadline(category, created_at),
        )
        plan = _Plan(c)
        self._event(plan, K.SUBMITTED, R.REPORTER, created_at, to=S.RECEIVED)
        old = self.now - created_at > OLD_AFTER
        target = self._choice(OLD_STATE_WEIGHTS if old else STATE_WEIGHTS)
        self._advance(plan, S.CLOSED if settle else target)
        c.sync_flags()
        return plan

    def _event(self, plan, kind, role, at, note="", public=True, to="", agency=None):
        c = plan.complaint
        if self.events:
            plan.events.append(
                {
                    "kind": kind,
                    "actor_role": role,
                    "at": at,
                    "note": note,
                    "is_public": public,
                    "from_status": c.status,
                    "to_status": to or c.status,
                    "agency_id": agency.pk if agency is not None else None,
                    "actor_id": None,
                }
            )
        if to:
            c.status = to
        if public:
            c.public_updated_at = at

    def _advance(self, plan: _Plan, target: str) -> None:
        """Walk the report through the stages towards ``target`` while time allows."""
        rng, c, now = self.rng, plan.complaint, self.now
        cat = c.category
        t = c.created_at + _hours(rng.uniform(2, 70))
        if target in (S.REJECTED, S.NOT_AUTHORITY):
            if t < now:
                note = rng.choice(REJECTIONS if target == S.REJECTED else NOT_AUTHORITY)
                self._event(
                    plan,
                    K.REJECTED if target == S.REJECTED else K.NOT_AUTHORITY,
                    R.VERIFIER,
                    t,
                    note,
                    to=target,
                )
                c.status_reason, c.closed_at, c.deadline = note, t, None
            return
        if target == S.MERGED:
            original = next((o for o in reversed(self.open_listed) if o.pk), None)
            if original is not None and t < now:
                self._event(plan, K.MERGED, R.VERIFIER, t, to=S.MERGED)
                c.merged_into, c.closed_at, c.deadline = original, t, None
            return
        goal = ORDER.index(target)
        if goal < 1 or t >= now:
            return
        c.verified_at = t
        self._event(plan, K.VERIFIED, R.VERIFIER, t, to=S.VERIFIED)
        if goal < 2:
            return
        t += _hours(rng.uniform(0.2, 20))
        if t >= now:
            return
        agency = cat.agency or rng.choice(self.fallback_agencies)
        c.agency, c.dispositioned_at = agency, t
        c.followup_due = deadlines.followup_deadline(cat, t)
        c.resolve_due = deadlines.resolve_deadline(cat, t)
        c.deadline = c.followup_due
        self._event(plan, K.DISPOSITIONED, R.VERIFIER, t, to=S.DISPOSITIONED, agency=agency)
        if goal < 3:
            return
        late = rng.random() < 0.15
        t2 = t + _hours(rng.uniform(3, 70) if not late else rng.uniform(170, 400))
        if t2 >= now:
            return
        c.first_followup_at = t2
        c.followup_hours, c.followup_working_days = deadlines.duration(t, t2)
        c.followup_on_time = deadlines.local_date(t2) <= c.followup_due
        c.deadline = c.resolve_due
        self._event(
            plan, K.FOLLOWUP, R.AGENCY, t2, rng.choice(REPLIES), to=S.IN_PROGRESS, agency=agency
        )
        if goal >= 4 and rng.random() < 0.3:
            self._event(
                plan, K.UPDATE, R.AGENCY, t2 + _hours(24), rng.choice(PROGRESS), agency=agency
            )
        if goal < 4:
            return
        t3 = t2 + _hours(rng.uniform(24, 24 * 25))
        if t3 >= now:
            return
        c.completed_at, c.resolution = t3, rng.choice(RESOLUTIONS)
        c.completion_hours, c.completion_working_days = deadlines.duration(t, t3)
        c.completion_on_time = deadlines.local_date(t3) <= c.resolve_due
        c.deadline = deadlines.reopen_deadline(cat, t3)
        self._event(plan, K.COMPLETED, R.AGENCY, t3, c.resolution, to=S.COMPLETED, agency=agency)
        if goal < 5:
            return
        t4 = t3 + _hours(rng.uniform(6, 24 * 12))
        if t4 >= now:
            return
        if rng.random() < 0.6 and deadlines.local_date(t4) <= c.deadline:
            c.rating = rng.choices([1, 2, 3, 4, 5], weights=[1, 1, 3, 6, 6])[0]
            c.rating_comment, c.rated_at = rng.choice(RATING_COMMENTS), t4
            self._event(plan, K.RATED, R.REPORTER, t4, c.rating_comment, to=S.CLOSED)
        else:
            t4 = max(
                t4,
                dt.datetime.combine(
                    c.deadline + dt.timedelta(days=1),
                    dt.time(0, 5),
                    tzinfo=deadlines.calendar.JAKARTA,
                ),
            )
            if t4 >= now:
                return
            self._event(plan, K.CLOSED, R.SYSTEM, t4, to=S.CLOSED)
        c.closed_at, c.deadline = t4, None

    def times(self, count: int) -> list[dt.datetime]:
        """Creation times over the span; ``recent_share`` of them in the last 30 days
        (the demo's current month, when most open work was reported)."""
        span = self.span_days * 86400
        recent = min(30 * 86400, span)
        return sorted(
            self.now
            - dt.timedelta(
                seconds=self.rng.uniform(
                    60, recent if self.rng.random() < self.recent_share else span
                )
            )
            for _ in range(count)
        )

    def write(self, plans: list[_Plan]) -> None:
        """Insert a batch: reserve the tracking numbers and ids, then write the rows."""
        by_year: dict[int, list[_Plan]] = {}
        for p in plans:
            by_year.setdefault(deadlines.local_date(p.complaint.created_at).year, []).append(p)
        complaints, events = BulkWriter(Complaint), BulkWriter(ComplaintEvent)
        with transaction.atomic():
            complaints.lock()
            events.lock()
            for year, items in by_year.items():
                TrackingCounter.objects.bulk_create(
                    [TrackingCounter(year=year, last=0)], ignore_conflicts=True
                )
                counter = TrackingCounter.objects.select_for_update().get(year=year)
                first = counter.last + 1
                counter.last += len(items)
                counter.save(update_fields=["last"])
                for i, p in enumerate(items):
                    p.complaint.tracking_number = f"SC-{year}-{first + i:06d}"
            next_complaint, next_event = complaints.next_id(), events.next_id()
            now = timezone.now()
            rows, event_rows = [], []
            for p in plans:
                c = p.complaint
                c.id, c.updated_at = next_complaint, now
                next_complaint += 1
                rows.append(complaints.row_of(c))
                for e in p.events:
                    event_rows.append(events.row({**e, "id": next_event, "complaint_id": c.pk}))
                    next_event += 1
            complaints.write(rows)
            events.write(event_rows)
            complaints.sync_sequence()
            events.sync_sequence()


def generate(
    count: int,
    *,
    now=None,
    seed: int = 1,
    batch_size: int = 2000,
    span_days: int = 365,
    events: bool = True,
    recent_share: float = 0.0,
    stdout=None,
) -> int:
    """Create ``count`` reports spread over the last ``span_days`` days."""
    gen = Generator(
        now=now, seed=seed, span_days=span_days, events=events, recent_share=recent_share
    )
    done = 0
    while done < count:
        n = min(batch_size, count - done)
        plans = [gen.plan(t) for t in gen.times(n)]
        gen.write(plans)
        gen.open_listed = gen.open_listed[-200:]
        done += n
        if stdout is not None and (done % (batch_size * 25) == 0 or done == count):
            stdout.write(f"  {done} reports\n")
    return done

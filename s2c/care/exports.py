"""CSV and XLSX exports of the statistics: aggregates only, so no reporter's identity can
appear in them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from s2c.core import tabular

from .selectors.stats import Statistics, StatRow

WIDTHS = (40, 36, 10, 10, 10, 14, 14, 14, 14, 12, 12, 10)


def headers() -> list[str]:
    return [
        _("Agency"),
        _("Category"),
        _("Received"),
        _("Completed"),
        _("Overdue"),
        _("Median first follow-up (working days)"),
        _("Median first follow-up (hours)"),
        _("Median completion (working days)"),
        _("Median completion (hours)"),
        _("SLA compliance (%)"),
        _("Satisfaction (1-5)"),
        _("Ratings"),
    ]


def _values(row: StatRow, agency_label: str, category_label: str) -> list:
    return [
        agency_label,
        category_label,
        row.received,
        row.completed,
        row.overdue,
        row.median_followup_days,
        row.median_followup_hours,
        row.median_completion_days,
        row.median_completion_hours,
        row.sla_percent,
        row.satisfaction,
        row.rating_count,
    ]


def rows(stats: Statistics) -> list[list]:
    not_yet = _("Not yet sent to an agency")
    everything = _("All categories")
    out = []
    for r in stats.rows:
        out.append(
            _values(
                r, r.agency.name if r.agency else not_yet, r.category.name if r.category else ""
            )
        )
    for r in stats.agencies:
        out.append(_values(r, r.agency.name if r.agency else not_yet, everything))
    out.append(_values(stats.total, _("All agencies"), everything))
    return out


def table(stats: Statistics) -> tabular.Table:
    """The statistics as core's table: the period as a title above the XLSX sheet."""
    period = _("Reports received from %(start)s to %(end)s") % {
        "start": stats.start.strftime("%m-%Y"),
        "end": stats.end.strftime("%m-%Y"),
    }
    return tabular.Table(
        headers=headers(),
        rows=rows(stats),
        sheet=_("Statistics"),
        preamble=[[period]],
        widths=WIDTHS,
        freeze="C3",
    )

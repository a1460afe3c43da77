"""Sumsel Gov's data: the service catalogue (Standar Pelayanan), offices, life events,
publication revisions, feedback, and the status monitor of agencies' web services."""

from .catalogue import (
    LifeEvent,
    Office,
    ProcessingTimeUnit,
    Service,
    ServiceFeedback,
    ServiceRequirement,
    ServiceRevision,
    ServiceStep,
)
from .pages import ServicePage
from .status import Check, DailyRollup, Incident, MonitoredEndpoint

__all__ = [
    "Check",
    "DailyRollup",
    "Incident",
    "LifeEvent",
    "MonitoredEndpoint",
    "Office",
    "ProcessingTimeUnit",
    "Service",
    "ServiceFeedback",
    "ServicePage",
    "ServiceRequirement",
    "ServiceRevision",
    "ServiceStep",
]

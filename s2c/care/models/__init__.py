"""Sumsel Care data: categories, complaints with their timeline and files, the province's
care roles, Open311 API keys, deadline alerts and the precomputed statistics."""

from .category import Category, CategoryAttribute
from .complaint import (
    YES,
    Attachment,
    Complaint,
    ComplaintEvent,
    Support,
    TrackingCounter,
)
from .staff import ApiKey, CareRole, DeadlineAlert
from .stats import StatMonth, StatState

__all__ = [
    "ApiKey",
    "Attachment",
    "CareRole",
    "Category",
    "CategoryAttribute",
    "Complaint",
    "ComplaintEvent",
    "DeadlineAlert",
    "StatMonth",
    "StatState",
    "Support",
    "TrackingCounter",
    "YES",
]

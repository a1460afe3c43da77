"""Core models, one module per concern; every model is importable from here."""

from .base import Agency, AuditEntry, JointLeaveDay, Membership, Region, User
from .counters import Counter

__all__ = ["Agency", "AuditEntry", "Counter", "JointLeaveDay", "Membership", "Region", "User"]

"""Core models, one module per concern; every model is importable from here."""

from .base import Agency, AuditEntry, JointLeaveDay, Membership, Region, User

__all__ = ["Agency", "AuditEntry", "JointLeaveDay", "Membership", "Region", "User"]

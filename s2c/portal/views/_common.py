"""Small helpers shared by the portal's views."""

from __future__ import annotations


def tristate(value: str | None) -> bool | None:
    if value in ("1", "true", "yes", "ya"):
        return True
    if value in ("0", "false", "no", "tidak"):
        return False
    return None

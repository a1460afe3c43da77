"""/api/v1/care/: Sumsel Care for S2C's own apps (public reports, submission, follow-up
by the secret link, and the staff inbox, workflow and statistics)."""

from ninja import Router

from . import public, staff

router = Router(tags=["care"])
router.add_router("", public.router)
router.add_router("/staff", staff.router)

__all__ = ["router"]

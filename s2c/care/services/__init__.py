"""Every write of Sumsel Care. Views, the API, Open311, the seeder and the worker call
these; nothing else changes a report."""

from .alerts import CheckResult, deadlines_check
from .apikeys import api_key_issue, api_key_revoke
from .reporter import complaint_close_expired, reporter_rate, reporter_reopen, reporter_reply
from .staff import (
    attachment_set_public,
    complaint_add_note,
    complaint_assign,
    complaint_redact,
    complaints_bulk_assign,
    complaints_bulk_disposition,
)
from .stats import statistics_refresh
from .submission import (
    ComplaintInput,
    InvalidComplaint,
    Submitted,
    complaint_submit,
    evidence_missing,
    hash_secret,
    support_add,
)
from .workflow import (
    complaint_complete,
    complaint_disposition,
    complaint_merge,
    complaint_not_authority,
    complaint_post_update,
    complaint_reject,
    complaint_return,
    complaint_verify,
)

__all__ = [
    "CheckResult",
    "InvalidComplaint",
    "ComplaintInput",
    "Submitted",
    "api_key_issue",
    "api_key_revoke",
    "attachment_set_public",
    "complaint_add_note",
    "complaint_assign",
    "complaint_close_expired",
    "complaint_complete",
    "complaint_disposition",
    "complaint_merge",
    "complaint_not_authority",
    "complaint_post_update",
    "complaint_redact",
    "complaint_reject",
    "complaint_return",
    "complaint_submit",
    "complaint_verify",
    "complaints_bulk_assign",
    "complaints_bulk_disposition",
    "deadlines_check",
    "evidence_missing",
    "hash_secret",
    "reporter_rate",
    "reporter_reopen",
    "reporter_reply",
    "statistics_refresh",
    "support_add",
]

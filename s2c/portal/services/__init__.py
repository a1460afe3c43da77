"""Every write of Sumsel Gov: typed, keyword-only, one transaction, permission checked at
the entry, side effects on commit."""

from .agency import AgencyProfile, agency_profile_update
from .catalogue import (
    revision_approve,
    revision_cancel,
    revision_reject,
    service_create,
    service_publish,
    service_submit,
    service_update,
    service_withdraw,
)
from .feedback import RateLimited, feedback_submit, service_viewed, views_flush
from .importing import ImportReport, RowError, catalogue_import
from .offices import OfficeData, office_create, office_set_active, office_update
from .status import (
    check_endpoints,
    check_record,
    endpoint_create,
    endpoint_update,
    status_prune,
    validate_url,
)

__all__ = [
    "AgencyProfile",
    "ImportReport",
    "RowError",
    "catalogue_import",
    "OfficeData",
    "RateLimited",
    "agency_profile_update",
    "check_endpoints",
    "check_record",
    "endpoint_create",
    "endpoint_update",
    "feedback_submit",
    "office_create",
    "office_set_active",
    "office_update",
    "revision_approve",
    "revision_cancel",
    "revision_reject",
    "service_create",
    "service_publish",
    "service_submit",
    "service_update",
    "service_viewed",
    "service_withdraw",
    "status_prune",
    "validate_url",
    "views_flush",
]

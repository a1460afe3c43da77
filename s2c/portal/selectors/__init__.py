"""Every read of Sumsel Gov that lists or finds, scoped to what the user may see."""

from . import agencies, catalogue, status  # noqa: F401
from .agencies import (  # noqa: F401
    agency_figures,
    agency_for_manager,
    agency_for_public,
    can_manage_some_agency,
    managed_agencies,
    public_agencies,
)
from .catalogue import (  # noqa: F401
    CatalogueFilters,
    is_public,
    life_event,
    life_events,
    most_used_services,
    office_for_public,
    office_for_staff,
    offices_for_staff,
    public_offices,
    public_services,
    region,
    regions_with_offices,
    review_queue,
    revision_for_staff,
    revisions_of,
    service_for_staff,
    service_for_viewer,
    service_pending_revision,
    services_for_staff,
)

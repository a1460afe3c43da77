"""Every read of Sumsel Care: public reads return only publicly listed reports; staff
reads take the acting user and return only what that user may see."""

from .public import (
    BBox,
    PublicFilters,
    RequestQuery,
    active_categories,
    complaint_for_secret,
    complaint_for_submission_token,
    complaint_for_tracking,
    map_complaints,
    open311_requests,
    public_complaint,
    public_complaints,
    similar_complaints,
)
from .staff import (
    InboxFilters,
    api_keys_for,
    assignable_officers,
    complaint_for_staff,
    forget_inbox_counts,
    inbox,
    inbox_choice_lists,
    inbox_count_key,
    inbox_version,
    officers_for,
)

__all__ = [
    "forget_inbox_counts",
    "inbox_choice_lists",
    "inbox_count_key",
    "inbox_version",
    "BBox",
    "api_keys_for",
    "assignable_officers",
    "InboxFilters",
    "PublicFilters",
    "RequestQuery",
    "active_categories",
    "complaint_for_secret",
    "complaint_for_submission_token",
    "complaint_for_staff",
    "complaint_for_tracking",
    "inbox",
    "map_complaints",
    "open311_requests",
    "officers_for",
    "public_complaint",
    "public_complaints",
    "similar_complaints",
]

"""The portal's public pages use core's anonymous page cache (``s2c.core.pagecache``):
one mechanism and one version for every cached public page, so a catalogue write also
drops the cached home page."""

from s2c.core.pagecache import (  # noqa: F401
    MARK,
    TOKEN,
    VERSION_KEY,
    _key,
    _version,
    anonymous_page,
    bump,
    bump_on_commit,
    cacheable,
    seconds,
)

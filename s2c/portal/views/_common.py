"""Small helpers shared by the portal's views."""

from __future__ import annotations

from functools import wraps

from django.core.paginator import Paginator
from django.http import Http404

from s2c.core import pagecache
from s2c.core.errors import NotFound
from s2c.core.paging import CachedCountPaginator


def not_found_as_404(view):
    """A selector's ``NotFound`` becomes the site's 404 page."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(str(exc.message)) from None

    return wrapper


def page_of(request, qs, per_page: int = 20, *, count_key: str = ""):
    if count_key:
        # The catalogue's counts change with what public pages show: the pages' version.
        paginator = CachedCountPaginator(
            qs,
            per_page,
            count_key=f"portal:{count_key}",
            version=f"pages-{pagecache._version()}",
            seconds=pagecache.seconds(),
        )
    else:
        paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def tristate(value: str | None) -> bool | None:
    if value in ("1", "true", "yes", "ya"):
        return True
    if value in ("0", "false", "no", "tidak"):
        return False
    return None

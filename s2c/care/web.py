"""Small request helpers shared by the pages, the API and Open311."""

from __future__ import annotations

from s2c.core.middleware import client_ip


def supporter_key(request) -> str:
    """Who is supporting (+1), so that each person counts once per report: the account
    when signed in; otherwise the client's address (``core.middleware.client_ip``).

    Not the browser session: a client that drops its cookies, or collects fresh sessions,
    would count again with each one. The cost is that people who share one address (a
    household, an office, a mobile network's gateway) count once together unless they
    sign in. Only when the address is unknown does a session the browser already holds
    count; without either, there is nobody to count ("")."""
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    address = client_ip(request)
    if address:
        return f"address:{address}"
    session = getattr(request, "session", None)
    if session is not None and session.session_key:
        return f"session:{session.session_key}"
    return ""


def attributes_from(post) -> dict:
    """Answers to a category's questions sent as ``attribute[code]=value`` (Open311's
    convention, also used by /api/v1/care/), ``attribute[code][]=…`` for several."""
    found: dict = {}
    for key in post:
        if key.startswith("attribute[") and key.endswith("]"):
            name = key[len("attribute[") : -1]
            several = name.endswith("][")
            if several:
                name = name[:-2]
            values = post.getlist(key)
            found[name] = values if several else values[-1]
    return found

"""Small request helpers shared by the pages, the API and Open311."""

from __future__ import annotations


def supporter_key(request) -> str:
    """Who is supporting: the account, or the browser session (created when missing)."""
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    session = getattr(request, "session", None)
    if session is None:
        return ""
    if not session.session_key:
        session["care"] = True
        session.save()
    return f"session:{session.session_key}"


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

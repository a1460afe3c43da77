"""Messages to people (``s2c.core.notifications``):

    from s2c.core.notifications import notify, Recipient
    notify(recipient=user_or_Recipient, template="care/emails/received", context={...},
           subject=_("..."), purpose="care.received")

The message is rendered in the recipient's language, recorded (``Notification``) and sent
by a background task after the caller's transaction commits. Channels: ``channels``.
"""

__all__ = ["Recipient", "notify"]


def __getattr__(name: str):
    # Imported lazily: this package is imported while apps load, before models are ready.
    if name in __all__:
        from . import services

        return getattr(services, name)
    raise AttributeError(name)

"""Delivery channels. ``email`` is built in; an SMS or WhatsApp gateway is a class
registered from an app's ``ready()``:

    from s2c.core.notifications import channels

    class WhatsAppChannel(channels.Channel):
        key = "whatsapp"
        label = _("WhatsApp")
        def address_for(self, recipient): return recipient.phone
        def send(self, notification): ...  # raise on failure

    channels.register(WhatsAppChannel())
"""

from __future__ import annotations

from email.utils import formataddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import Notification
    from .services import Recipient


class DeliveryError(Exception):
    """A channel could not deliver a message (the send is retried later)."""


class Channel:
    key: str = ""
    label: Any = ""

    def address_for(self, recipient: Recipient) -> str:
        """The address on this channel (email address, phone number), or ''."""
        raise NotImplementedError

    def send(self, notification: Notification) -> None:
        """Deliver one message, or raise (any exception counts as a failed attempt)."""
        raise NotImplementedError


class EmailChannel(Channel):
    """Email through Django's mail API: the backend comes from EMAIL_URL."""

    key = "email"
    label = _("Email")

    def address_for(self, recipient: Recipient) -> str:
        return (recipient.email or "").strip()

    def send(self, notification: Notification) -> None:
        to = formataddr((notification.recipient_name, notification.address))
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[to],
            headers={
                "Auto-Submitted": "auto-generated",
                "X-S2C-Notification": str(notification.uuid),
                "Content-Language": notification.language,
            },
            connection=get_connection(fail_silently=False),
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        if message.send(fail_silently=False) != 1:
            raise DeliveryError("The mail backend accepted no message.")


_channels: dict[str, Channel] = {}


def register(channel: Channel) -> None:
    if not channel.key:
        raise ValueError("A channel needs a key")
    _channels[channel.key] = channel


def get_channel(key: str) -> Channel:
    """The registered channel; ``KeyError`` when there is none."""
    return _channels[key]


def channel_keys() -> list[str]:
    return sorted(_channels)


register(EmailChannel())

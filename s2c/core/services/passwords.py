"""Password reset mail, sent by the background worker: the request only enqueues
``send_password_reset`` with the account's id (never the link, which the worker makes,
so no live reset token waits in the task queue's table), and answers at once.

The request is limited per address asked for and per client (``core.ratelimit``, in the
counters every process shares); see ``reset_allowed``."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task

from s2c.core import ratelimit

SUBJECT_TEMPLATE = "core/auth/password_reset_subject.txt"
EMAIL_TEMPLATE = "core/auth/password_reset_email.txt"
WINDOW_SECONDS = 3600


def limits() -> dict[str, int]:
    """Reset requests allowed per hour: per address asked for, and per client address."""
    return {
        "address": int(getattr(settings, "S2C_PASSWORD_RESET_PER_ADDRESS", 3)),
        "client": int(getattr(settings, "S2C_PASSWORD_RESET_PER_CLIENT", 10)),
    }


def reset_allowed(*, email: str, client_ip: str) -> bool:
    """Count one reset request; False once the address or the client has used up its hour.
    Counted whether or not an account has that address (the answer must not tell)."""
    allowed = limits()
    per_address = ratelimit.hit("password-reset:address", email.strip().casefold(), WINDOW_SECONDS)
    per_client = ratelimit.hit("password-reset:client", client_ip or "-", WINDOW_SECONDS)
    return per_address <= allowed["address"] and per_client <= allowed["client"]


def retry_minutes() -> int:
    return max(int(ratelimit.retry_after(WINDOW_SECONDS) // 60), 1)


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose mail goes to the worker instead of out of the request."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        send_password_reset.enqueue(
            context["user"].pk,
            to_email,
            domain=context["domain"],
            protocol=context["protocol"],
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )


@task()
def send_password_reset(
    user_id: int, email: str, *, domain: str, protocol: str, language: str
) -> str:
    """Make the reset link and send it; 'sent', or 'skipped' for an account gone or
    unable to reset meanwhile."""
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return "skipped"
    context = {
        "email": email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    with translation.override(language):
        PasswordResetForm().send_mail(
            SUBJECT_TEMPLATE, EMAIL_TEMPLATE, context, None, email, html_email_template_name=None
        )
    return "sent"

"""Staff sign-in, sign-out, password reset by email and password change: Django's auth
views with S2C's templates, namespaced URLs, the sign-in lockout, and a password reset
that is rate-limited and mailed by the background worker (``core.services.passwords``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms import SignInForm
from ..middleware import client_ip
from ..services import passwords


class SignInView(auth_views.LoginView):
    template_name = "core/auth/login.html"
    authentication_form = SignInForm

    def get_default_redirect_url(self):
        # Staff land in the staff area; a citizen with an account goes back home.
        if permissions.is_staff_member(self.request.user):
            return reverse("core:staff-home")
        return reverse("core:home")

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.locked_out:
            response.status_code = 429
        return response


class SignOutView(auth_views.LogoutView):
    """POST only (a link cannot sign anyone out); back to the home page."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "core/auth/password_reset_form.html"
    success_url = reverse_lazy("core:password_reset_done")
    form_class = passwords.QueuedPasswordResetForm
    subject_template_name = passwords.SUBJECT_TEMPLATE
    email_template_name = passwords.EMAIL_TEMPLATE

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if not passwords.reset_allowed(email=email, client_ip=client_ip(self.request) or ""):
            form.add_error(
                None,
                _(
                    "Too many password reset requests in a short time. Please wait up to "
                    "%(minutes)s minutes and try again."
                )
                % {"minutes": passwords.retry_minutes()},
            )
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "core/auth/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "core/auth/password_reset_confirm.html"
    success_url = reverse_lazy("core:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "core/auth/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "core/auth/password_change_form.html"
    success_url = reverse_lazy("core:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "core/auth/password_change_done.html"

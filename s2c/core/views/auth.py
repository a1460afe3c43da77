"""Staff sign-in, sign-out, password reset by email and password change: Django's auth
views with S2C's templates, namespaced URLs and the sign-in lockout."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..forms import SignInForm


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
    email_template_name = "core/auth/password_reset_email.txt"
    subject_template_name = "core/auth/password_reset_subject.txt"
    success_url = reverse_lazy("core:password_reset_done")


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

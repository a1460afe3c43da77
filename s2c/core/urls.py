"""The shell's pages: home, staff sign-in and account pages, the staff area."""

from django.urls import include, path

from .views import auth, public, staff

app_name = "core"
urlpatterns = [
    path("", public.home, name="home"),
    # Staff sign-in and account
    path("masuk/", auth.SignInView.as_view(), name="login"),
    path("keluar/", auth.SignOutView.as_view(), name="logout"),
    path("lupa-sandi/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("lupa-sandi/terkirim/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "lupa-sandi/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "lupa-sandi/selesai/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("akun/sandi/", auth.PasswordChangeView.as_view(), name="password_change"),
    path("akun/sandi/selesai/", auth.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Staff area
    path("staf/", staff.staff_home, name="staff-home"),
    path("staf/audit/", staff.audit_log, name="audit-log"),
    path("staf/kalender/", include("s2c.core.calendar_urls")),  # the working-day calendar
]

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from s2c.core.errors import ApplicationError

from .models import Notification
from .services import notification_retry


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The per-person record of what S2C sent: read-only, with a resend action."""

    list_display = [
        "created_at",
        "recipient",
        "address",
        "channel",
        "purpose",
        "subject",
        "status",
        "attempts",
        "sent_at",
    ]
    list_filter = ["status", "channel", "purpose", "language"]
    search_fields = ["address", "recipient_name", "recipient__username", "subject", "purpose"]
    date_hierarchy = "created_at"
    list_select_related = ["recipient"]
    raw_id_fields = ["recipient"]
    actions = ["resend"]
    readonly_fields = [
        "uuid",
        "recipient",
        "recipient_name",
        "address",
        "language",
        "channel",
        "purpose",
        "subject",
        "body",
        "body_html",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the record of what a person was told is kept

    @admin.action(description=_("Send the selected failed notifications again"))
    def resend(self, request, queryset):
        done = 0
        for notification in queryset:
            try:
                notification_retry(notification=notification, by=request.user)
                done += 1
            except ApplicationError as exc:
                self.message_user(request, f"{notification}: {exc.message}", messages.WARNING)
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)d notification queued again.",
                    "%(count)d notifications queued again.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

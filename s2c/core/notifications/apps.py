import datetime as dt

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from s2c.core import scheduler


class NotificationsConfig(AppConfig):
    name = "s2c.core.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        scheduler.register_periodic(
            "notifications.requeue-stale",
            "s2c.core.notifications.tasks.requeue_stale_notifications",
            every=dt.timedelta(minutes=1),
        )

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "s2c.core.notifications"
    label = "notifications"
    verbose_name = "S2C notifications"

from django.apps import AppConfig


class SchedulerConfig(AppConfig):
    name = "s2c.core.scheduler"
    label = "scheduler"
    verbose_name = "S2C periodic jobs"

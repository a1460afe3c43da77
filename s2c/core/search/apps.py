from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "s2c.core.search"
    label = "search"
    verbose_name = "S2C search"

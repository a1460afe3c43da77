from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "s2c.core"
    label = "core"
    verbose_name = _("S2C core")

    def ready(self) -> None:
        from . import registry

        registry.register_service(registry.ServiceInfo("core", _("Administration"), order=900))

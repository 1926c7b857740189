from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chudong.core"
    label = "core"

    def ready(self) -> None:
        from . import lookups  # noqa: F401  (registers the integer `in` lookup)

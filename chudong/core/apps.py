from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chudong.core"
    label = "core"

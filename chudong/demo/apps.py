from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and test data. Sits above every other app (it uses all their services)."""

    name = "chudong.demo"
    label = "demo"

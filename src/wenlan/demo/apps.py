from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "wenlan.demo"
    label = "demo"
    verbose_name = "Demo"

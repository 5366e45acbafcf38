from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wenlan.api"
    label = "wenlan_api"
    verbose_name = "API"

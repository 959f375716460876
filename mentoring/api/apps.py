from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mentoring.api"
    label = "api"
    verbose_name = "API"

from django.apps import AppConfig


class CommonConfig(AppConfig):
    verbose_name = "Общее"
    name = "mentoring.common"
    label = "common"

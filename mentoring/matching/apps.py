from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "mentoring.matching"
    label = "matching"
    verbose_name = "Подбор наставников"

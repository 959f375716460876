from django.apps import AppConfig


class NavigatorConfig(AppConfig):
    name = "mentoring.integrations.navigator"
    label = "navigator"
    verbose_name = "Обмен с Навигатором"

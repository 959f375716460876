from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "mentoring.monitoring"
    label = "monitoring"
    verbose_name = "Мониторинг и показатели"

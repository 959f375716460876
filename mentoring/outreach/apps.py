from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "mentoring.outreach"
    label = "outreach"
    verbose_name = "Информирование, обучение и поощрение"

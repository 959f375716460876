from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "mentoring.partners"
    label = "partners"
    verbose_name = "Организации-партнёры"

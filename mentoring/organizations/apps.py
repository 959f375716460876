from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    verbose_name = "Организации"
    name = "mentoring.organizations"
    label = "organizations"

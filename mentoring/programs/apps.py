from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "mentoring.programs"
    label = "programs"
    verbose_name = "Формы и программы наставничества"

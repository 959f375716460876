from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mentoring.people"
    label = "people"
    verbose_name = "Базы наставников и наставляемых"

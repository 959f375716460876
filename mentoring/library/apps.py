from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "mentoring.library"
    label = "library"
    verbose_name = "Методическая библиотека"

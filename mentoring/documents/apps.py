from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "mentoring.documents"
    label = "documents"
    verbose_name = "Документы"

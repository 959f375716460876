from django.apps import AppConfig


class AccountsConfig(AppConfig):
    verbose_name = "Пользователи и роли"
    name = "mentoring.accounts"
    label = "accounts"

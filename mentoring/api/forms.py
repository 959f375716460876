from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Для чего токен",
        max_length=100,
        help_text="Например, «выгрузка в Навигатор» или «скрипт отчётов»: чтобы потом узнать его в списке.",
    )

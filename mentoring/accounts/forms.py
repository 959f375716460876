from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet

from mentoring.accounts.models import Role, User
from mentoring.accounts.two_factor import code_is_right
from mentoring.common.access import roles_grantable_by
from mentoring.organizations.models import Organization


class RoleInOrganizationMixin(forms.Form):
    """Organization and role fields limited to what the acting user may grant."""

    organization = forms.ModelChoiceField(label="Организация", queryset=Organization.objects.none())
    role = forms.ChoiceField(label="Роль", choices=Role.choices)

    def setup_role_fields(self, *, actor: User, organizations: QuerySet[Organization]) -> None:
        self.actor = actor
        organizations = organizations.select_related("municipality")
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]
        # For the page script that offers only the roles valid in the chosen organization.
        self.grantable_roles = {str(o.pk): roles_grantable_by(actor, o) for o in organizations}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        organization, role = cleaned.get("organization"), cleaned.get("role")
        if organization and role and role not in roles_grantable_by(self.actor, organization):
            self.add_error(
                "role",
                f"Роль «{Role(role).label}» нельзя назначить в организации «{organization.short_name}».",
            )
        return cleaned


class UserCreateForm(RoleInOrganizationMixin, forms.ModelForm):
    password1 = forms.CharField(
        label="Пароль",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="Оставьте пустым, чтобы пользователь получил ссылку для установки пароля на e-mail.",
    )
    password2 = forms.CharField(
        label="Пароль ещё раз",
        required=False,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = ("username", "last_name", "first_name", "patronymic", "email", "phone")
        field_classes = {"username": UsernameField}
        labels = {"username": "Логин"}
        help_texts = {
            "username": "Буквы, цифры и знаки @ . + - _; не длиннее 150 символов. Удобнее латиницей."
        }

    field_order = (
        "organization",
        "role",
        "last_name",
        "first_name",
        "patronymic",
        "username",
        "email",
        "phone",
        "password1",
        "password2",
    )

    def __init__(self, *args: Any, actor: User, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_role_fields(actor=actor, organizations=organizations)
        self.fields["last_name"].required = True
        self.fields["first_name"].required = True

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Пользователь с таким логином уже существует.")
        return username

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 or password2:
            if password1 != password2:
                self.add_error("password2", "Пароли не совпадают.")
            else:
                # The instance is filled only after clean(), so the similarity check gets a stand-in.
                candidate = User(
                    username=cleaned.get("username") or "",
                    last_name=cleaned.get("last_name") or "",
                    first_name=cleaned.get("first_name") or "",
                    patronymic=cleaned.get("patronymic") or "",
                    email=cleaned.get("email") or "",
                )
                try:
                    password_validation.validate_password(str(password1), candidate)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        elif not cleaned.get("email"):
            self.add_error("email", "Укажите e-mail для ссылки на установку пароля или задайте пароль.")
        return cleaned


class UserEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("last_name", "first_name", "patronymic", "email", "phone")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["last_name"].required = True
        self.fields["first_name"].required = True


class ContactsForm(forms.ModelForm):
    """What a user may change about themselves."""

    class Meta:
        model = User
        fields = ("email", "phone")


class MembershipAddForm(RoleInOrganizationMixin):
    def __init__(self, *args: Any, actor: User, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_role_fields(actor=actor, organizations=organizations)


class UserFilterForm(forms.Form):
    q = forms.CharField(label="Поиск", required=False, max_length=100)
    organization = forms.ModelChoiceField(
        label="Организация",
        required=False,
        queryset=Organization.objects.none(),
        empty_label="Все организации",
    )
    role = forms.ChoiceField(label="Роль", required=False, choices=[("", "Все роли"), *Role.choices])

    def __init__(self, *args: Any, organizations: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations  # type: ignore[attr-defined]


class LoginForm(AuthenticationForm):
    """The login page: a password, and the one-time code for accounts that turned the two-step login on."""

    code = forms.CharField(label="Одноразовый код", required=False, max_length=12)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Django sets the username's max_length after the field is built, so nothing checks it; a name
        # longer than any account's then reached the lockout log, whose column holds 255 characters
        # (a server error on PostgreSQL).
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(User._meta.get_field("username").max_length or 150))

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.totp_enabled_at is not None and not code_is_right(user, self.cleaned_data.get("code") or ""):
            # A wrong code counts for the lockout like a wrong password: six digits cannot be tried through.
            user_login_failed.send(
                sender=__name__, credentials={"username": user.get_username()}, request=self.request
            )
            raise ValidationError(
                {"code": "Для этой учётной записи включён двухэтапный вход: введите код из приложения."}
            )


class TwoFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Код из приложения",
        max_length=12,
        error_messages={"required": "Введите шесть цифр из приложения."},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

"""Every write to users and their roles."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from mentoring.accounts.models import Membership, Role, User
from mentoring.common.access import can_edit_user, forget_scope, roles_grantable_by
from mentoring.organizations.models import Organization

PROFILE_FIELDS = ("last_name", "first_name", "patronymic", "email", "phone")


def _check_can_grant(*, by: User, organization: Organization, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": "Неизвестная роль."})
    if role not in roles_grantable_by(by, organization):
        raise PermissionDenied(
            f"Вы не можете назначить роль «{Role(role).label}» в организации «{organization.short_name}»."
        )


def send_password_setup_link(*, user: User, request: HttpRequest | None) -> None:
    """E-mails this user (not everyone sharing the address) a one-time link to set a password.

    Django's password reset form skips accounts without a usable password, which is exactly the
    state of a new account, so the link is built here with the same token generator.
    """
    if not user.email:
        raise ValidationError({"email": "У пользователя нет e-mail: ссылку отправить некуда."})
    if not user.is_active:
        raise ValidationError("Вход пользователя заблокирован: сначала разблокируйте его.")
    context = {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        "protocol": "https" if request is not None and request.is_secure() else "http",
        "domain": request.get_host() if request is not None else "localhost",
    }
    subject = "".join(render_to_string("registration/password_setup_subject.txt", context).splitlines())
    body = render_to_string("registration/password_setup_email.txt", context)
    send_mail(subject, body, None, [user.email])


@transaction.atomic
def user_create(
    *,
    by: User,
    organization: Organization,
    role: str,
    username: str,
    password: str | None,
    request: HttpRequest | None = None,
    **profile: Any,
) -> User:
    """Creates an account with its first role. Without a password, the user gets a link by e-mail."""
    _check_can_grant(by=by, organization=organization, role=role)
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    user = User(username=username, **profile)
    if not password and not user.email:
        raise ValidationError(
            {"password": "Задайте пароль или укажите e-mail, на который придёт ссылка для входа."}
        )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    Membership.objects.create(
        user=user, organization=organization, role=role, started_on=timezone.localdate()
    )
    if not password:
        transaction.on_commit(lambda: send_password_setup_link(user=user, request=request))
    return user


@transaction.atomic
def user_update(*, by: User, user: User, **profile: Any) -> User:
    if by.pk != user.pk and not can_edit_user(by, user, user.memberships.select_related("organization")):
        raise PermissionDenied("Вы не можете изменять данные этого пользователя.")
    unknown = set(profile) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    for name, value in profile.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def user_set_active(*, by: User, user: User, active: bool) -> User:
    """Blocks or unblocks login. Accounts are never deleted: their history must stay."""
    if not can_edit_user(by, user, user.memberships.select_related("organization")):
        raise PermissionDenied("Вы не можете блокировать этого пользователя.")
    if by.pk == user.pk:
        raise ValidationError("Нельзя заблокировать собственную учётную запись.")
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def membership_add(
    *, by: User, user: User, organization: Organization, role: str, started_on: datetime.date | None = None
) -> Membership:
    _check_can_grant(by=by, organization=organization, role=role)
    # A head must not pull a stranger (say, from another municipality) into the own school.
    if not can_edit_user(by, user, user.memberships.select_related("organization")):
        raise PermissionDenied("Вы не можете назначать роли этому пользователю.")
    if Membership.objects.filter(user=user, organization=organization, role=role, is_active=True).exists():
        raise ValidationError({"role": "У пользователя уже есть эта роль в этой организации."})
    membership = Membership(
        user=user, organization=organization, role=role, started_on=started_on or timezone.localdate()
    )
    membership.full_clean()
    membership.save()
    forget_scope(user)
    return membership


@transaction.atomic
def membership_end(*, by: User, membership: Membership) -> Membership:
    _check_can_grant(by=by, organization=membership.organization, role=membership.role)
    if not membership.is_active:
        return membership
    if membership.user_id == by.pk and membership.role == Role.DEPARTMENT_ADMIN:
        raise ValidationError("Нельзя снять с себя роль администратора управления образования.")
    membership.is_active = False
    membership.ended_on = timezone.localdate()
    membership.save(update_fields=["is_active", "ended_on", "updated_at"])
    forget_scope(membership.user)
    return membership

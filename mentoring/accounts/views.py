"""Pages of users: list, card with roles and history, create, edit, roles, block; own profile."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.accounts import services
from mentoring.accounts import two_factor as totp
from mentoring.accounts.forms import (
    ContactsForm,
    MembershipAddForm,
    TwoFactorCodeForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from mentoring.accounts.selectors import memberships_of, user_list
from mentoring.common.access import (
    can_create_users,
    get_membership_for_user,
    get_user_for_user,
    organizations_visible_to,
    organizations_where_user_can_grant,
    sees_directories,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest


@require_GET
def user_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not sees_directories(request.user):
        raise PermissionDenied(
            "Список пользователей доступен управлению образования и сотрудникам организаций."
        )
    organizations = organizations_visible_to(request.user).filter(is_archived=False).order_by("short_name")
    filters = UserFilterForm(request.GET or None, organizations=organizations)
    q, organization, role = "", None, ""
    if filters.is_valid():
        q = filters.cleaned_data["q"]
        organization = filters.cleaned_data["organization"]
        role = filters.cleaned_data["role"]
    users = user_list(
        visible_to=request.user, q=q, organization_id=organization.pk if organization else None, role=role
    )
    return render(
        request,
        "accounts/user_list.html",
        {"page": paginate(request, users), "filters": filters, "can_create": can_create_users(request.user)},
    )


@require_GET
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target, can_edit = get_user_for_user(request.user, pk)
    memberships = list(memberships_of(target, visible_to=request.user))
    grantable = organizations_where_user_can_grant(request.user)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "can_edit": can_edit,
            "memberships": memberships,
            "can_add_role": can_edit and grantable.exists(),
            "history": history_of(target) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_create_users(request.user):
        raise PermissionDenied("Вы не можете создавать пользователей.")
    organizations = organizations_where_user_can_grant(request.user).order_by("short_name")
    initial = {}
    if request.GET.get("organization", "").isdigit():
        initial["organization"] = organizations.filter(pk=int(request.GET["organization"])).first()
    form = UserCreateForm(
        request.POST or None, actor=request.user, organizations=organizations, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                by=request.user,
                organization=data["organization"],
                role=data["role"],
                username=data["username"],
                password=data["password1"] or None,
                request=request,
                **{name: data[name] for name in services.PROFILE_FIELDS},
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if data["password1"]:
                messages.success(request, f"Пользователь {user.get_full_name()} создан.")
            else:
                messages.success(
                    request,
                    f"Пользователь {user.get_full_name()} создан; ссылка для установки пароля отправлена на {user.email}.",
                )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


@require_http_methods(["GET", "POST"])
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target, can_edit = get_user_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("Вы не можете изменять данные этого пользователя.")
    form = UserEditForm(request.POST or None, instance=target)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(by=request.user, user=target, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("accounts:user_detail", pk=target.pk)
    target.refresh_from_db()
    return render(request, "accounts/user_edit.html", {"form": form, "target": target})


@require_POST
def user_set_active(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target, _ = get_user_for_user(request.user, pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(by=request.user, user=target, active=active)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Вход разблокирован." if active else "Вход заблокирован.")
    return redirect("accounts:user_detail", pk=target.pk)


@require_POST
def user_send_setup_link(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target, can_edit = get_user_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("Вы не можете отправлять ссылки этому пользователю.")
    try:
        services.send_password_setup_link(user=target, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Ссылка для установки пароля отправлена на {target.email}.")
    return redirect("accounts:user_detail", pk=target.pk)


@require_http_methods(["GET", "POST"])
def membership_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    target, can_edit = get_user_for_user(request.user, pk)
    organizations = organizations_where_user_can_grant(request.user).order_by("short_name")
    if not can_edit or not organizations.exists():
        raise PermissionDenied("Вы не можете назначать роли этому пользователю.")
    form = MembershipAddForm(request.POST or None, actor=request.user, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_add(
                by=request.user,
                user=target,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Роль назначена.")
            return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "accounts/membership_add.html", {"form": form, "target": target})


@require_POST
def membership_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    membership = get_membership_for_user(request.user, pk)
    try:
        services.membership_end(by=request.user, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Роль «{membership.get_role_display()}» снята.")
    return redirect("accounts:user_detail", pk=membership.user_id)


@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ContactsForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(by=request.user, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Контакты сохранены.")
            return redirect("profile")
    request.user.refresh_from_db()
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": list(memberships_of(request.user, visible_to=request.user)),
            "can_use_two_factor": totp.can_use_two_factor(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Turning the two-step login on (secret, QR code, first code) and off (a current code)."""
    user = request.user
    if not totp.can_use_two_factor(user):
        raise PermissionDenied("Двухэтапный вход включают администраторы управления образования.")
    form = TwoFactorCodeForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "begin":
                totp.two_factor_begin(user=user)
                return redirect("two_factor")
            if action in ("confirm", "disable") and form.is_valid():
                if action == "confirm":
                    totp.two_factor_confirm(user=user, code=form.cleaned_data["code"])
                    messages.success(
                        request, "Двухэтапный вход включён: при входе понадобится код из приложения."
                    )
                else:
                    totp.two_factor_disable(user=user, code=form.cleaned_data["code"])
                    messages.success(request, "Двухэтапный вход выключен.")
                return redirect("two_factor")
            if action not in ("confirm", "disable"):
                messages.error(request, "Неизвестное действие.")
                return redirect("two_factor")
        except ValidationError as error:
            add_service_errors(form, error)
    pending = bool(user.totp_secret) and user.totp_enabled_at is None
    return render(
        request,
        "accounts/two_factor.html",
        {
            "form": form,
            "enabled": user.totp_enabled_at is not None,
            "pending": pending,
            "qr": totp.qr_svg(user) if pending else "",
            "secret": " ".join(user.totp_secret[i : i + 4] for i in range(0, len(user.totp_secret), 4))
            if pending
            else "",
        },
    )

"""Pages of the reference list of mentoring forms: everybody reads, the department keeps its own."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import get_form_for_user, municipalities_administered_by, sees_directories
from mentoring.common.forms import add_service_errors, form_errors_text
from mentoring.common.history import history_of
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.programs import services
from mentoring.programs.forms import AliasForm, MentoringFormForm, RoleVariantForm
from mentoring.programs.models import MentoringForm, RoleVariant
from mentoring.programs.selectors import form_list


def _require_readers(request: AuthenticatedHttpRequest) -> None:
    if not sees_directories(request.user):
        raise PermissionDenied(
            "Справочник форм наставничества доступен управлению образования и сотрудникам организаций."
        )


@require_GET
def form_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_readers(request)
    return render(
        request,
        "programs/form_list.html",
        {
            "forms": form_list(visible_to=request.user),
            "can_create": request.user.is_superuser or municipalities_administered_by(request.user).exists(),
        },
    )


@require_GET
def form_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_readers(request)
    form, can_edit = get_form_for_user(request.user, pk)
    return render(
        request,
        "programs/form_detail.html",
        {
            "mentoring_form": form,
            "can_edit": can_edit,
            "variants": list(form.role_variants.all()),
            "aliases": list(form.aliases.all()),
            "in_use": services.form_is_in_use(form),
            "variant_form": RoleVariantForm(),
            "alias_form": AliasForm(),
            "history": history_of(form) if can_edit else [],
        },
    )


def _save_form(
    request: AuthenticatedHttpRequest, instance: MentoringForm, template_title: str
) -> HttpResponse:
    form = MentoringFormForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        for name in (
            "name",
            "code",
            "description",
            "default_max_group_size",
            "min_class_gap",
            "position",
            "is_active",
        ):
            setattr(instance, name, data[name])
        try:
            saved = services.form_save(
                by=request.user,
                form=instance,
                mentor_categories=data["mentor_categories"],
                mentee_categories=data["mentee_categories"],
                mentee_subtypes=data["mentee_subtypes"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Форма «{saved.name}» сохранена.")
            return redirect("programs:form_detail", pk=saved.pk)
    return render(
        request, "programs/form_form.html", {"form": form, "title": template_title, "instance": instance}
    )


@require_http_methods(["GET", "POST"])
def form_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipality = municipalities_administered_by(request.user).order_by("name").first()
    if municipality is None:
        raise PermissionDenied(
            "Формы наставничества муниципалитета добавляет администратор управления образования."
        )
    # A superuser who administers no municipality in particular adds to the first; defaults are
    # changed in place rather than added here.
    return _save_form(request, MentoringForm(municipality=municipality), "Новая форма наставничества")


@require_http_methods(["GET", "POST"])
def form_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form, can_edit = get_form_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied("Эту форму наставничества меняет её владелец.")
    return _save_form(request, form, f"Изменение формы «{form.name}»")


@require_POST
def form_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form, _ = get_form_for_user(request.user, pk)
    try:
        services.form_delete(by=request.user, form=form)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programs:form_detail", pk=form.pk)
    messages.success(request, f"Форма «{form.name}» удалена.")
    return redirect("programs:form_list")


@require_POST
def variant_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form, _ = get_form_for_user(request.user, pk)
    variant_form = RoleVariantForm(request.POST)
    if variant_form.is_valid():
        try:
            services.role_variant_add(by=request.user, form=form, **variant_form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Ролевая модель добавлена.")
    else:
        messages.error(request, form_errors_text(variant_form))
    return redirect("programs:form_detail", pk=form.pk)


@require_POST
def variant_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    variant = get_object_or_404(RoleVariant.objects.select_related("form"), pk=pk)
    get_form_for_user(request.user, variant.form_id)
    try:
        services.role_variant_remove(by=request.user, variant=variant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Ролевая модель удалена.")
    return redirect("programs:form_detail", pk=variant.form_id)


@require_POST
def alias_set(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    form, _ = get_form_for_user(request.user, pk)
    alias_form = AliasForm(request.POST)
    if alias_form.is_valid():
        try:
            services.form_alias_set(by=request.user, form=form, **alias_form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Название для вида организаций сохранено.")
    else:
        messages.error(request, form_errors_text(alias_form))
    return redirect("programs:form_detail", pk=form.pk)

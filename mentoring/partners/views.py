"""Pages of partner organizations and agreements with them: the partners of an organization and of the
municipality (with the export), the agreements list, an agreement's card, adding, changing, deleting
and downloading its scan."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    document_holders_kept_by,
    document_holders_visible_to,
    get_agreement_for_user,
    mentors_a_partner_supplies,
    partners_visible_to,
    sees_documents,
)
from mentoring.common.audit import log_personal_data_access
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.organizations.models import Organization
from mentoring.partners import services
from mentoring.partners.exporting import XLSX_TYPE, export_partners_xlsx
from mentoring.partners.forms import AgreementFilterForm, AgreementForm, PartnerFilterForm
from mentoring.partners.models import Agreement
from mentoring.partners.selectors import AgreementFilters, agreement_list, agreement_mentors, partner_list
from mentoring.people.models import MentorProfile

PER_PAGE = 50
NOT_A_KEEPER = (
    "Соглашения организации с партнёрами ведут её руководитель и куратор и администратор управления "
    "образования."
)


def _require_partner_pages(request: AuthenticatedHttpRequest) -> None:
    if not sees_documents(request.user):
        raise PermissionDenied(
            "Организации-партнёры и соглашения с ними доступны управлению образования и сотрудникам организаций."
        )


def _ordered(organizations: QuerySet[Organization]) -> QuerySet[Organization]:
    return organizations.order_by("municipality__name", "kind", "short_name")


def _partners_of(request: AuthenticatedHttpRequest) -> tuple[PartnerFilterForm, QuerySet[Organization]]:
    filters = PartnerFilterForm(
        request.GET or None, organizations=_ordered(document_holders_visible_to(request.user))
    )
    data = filters.cleaned_data if filters.is_valid() else {}
    organization = data.get("organization")
    partners = partner_list(
        visible_to=request.user,
        organization_id=organization.pk if organization else None,
        q=data.get("q", ""),
        relation=data.get("relation", ""),
    )
    return filters, partners


@require_GET
def partner_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_partner_pages(request)
    filters, partners = _partners_of(request)
    return render(
        request,
        "partners/partner_list.html",
        {
            "page": paginate(request, partners, per_page=PER_PAGE),
            "filters": filters,
            "can_create": document_holders_kept_by(request.user).exists(),
            "query": request.GET.urlencode(),
        },
    )


@require_GET
def partner_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_partner_pages(request)
    _, partners = _partners_of(request)
    response = HttpResponse(export_partners_xlsx(partners), content_type=XLSX_TYPE)
    stamp = timezone.localdate().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="partnery-{stamp}.xlsx"'
    return response


@require_GET
def agreement_list_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_partner_pages(request)
    filters = AgreementFilterForm(
        request.GET or None,
        organizations=_ordered(document_holders_visible_to(request.user)),
        partners=_ordered(partners_visible_to(request.user)),
    )
    chosen = AgreementFilters()
    if filters.is_valid():
        data = filters.cleaned_data
        chosen = AgreementFilters(
            q=data["q"],
            organization_id=data["organization"].pk if data["organization"] else None,
            partner_id=data["partner"].pk if data["partner"] else None,
            status=data["status"],
        )
    return render(
        request,
        "partners/agreement_list.html",
        {
            "page": paginate(
                request, agreement_list(visible_to=request.user, filters=chosen), per_page=PER_PAGE
            ),
            "filters": filters,
            "can_create": document_holders_kept_by(request.user).exists(),
            "today": timezone.localdate(),
        },
    )


def _chosen(raw: str, organizations: QuerySet[Organization]) -> Organization | None:
    if not raw.isdigit() or len(raw) > 18:
        return None
    return organizations.filter(pk=int(raw)).first()


@require_http_methods(["GET", "POST"])
def agreement_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_partner_pages(request)
    holders = _ordered(document_holders_kept_by(request.user))
    if not holders.exists():
        raise PermissionDenied(NOT_A_KEEPER)
    partners = _ordered(
        partners_visible_to(request.user).filter(
            is_archived=False, municipality_id__in=holders.values("municipality_id")
        )
    )
    organization = _chosen(request.GET.get("organization", ""), holders)
    if organization is None and holders.count() == 1:
        organization = holders.first()
    partner = _chosen(request.GET.get("partner", ""), partners)
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        organizations=holders,
        partners=partners,
        mentors=mentors_a_partner_supplies(partner) if partner else None,
        initial={"organization": organization, "partner": partner},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                by=request.user,
                organization=data["organization"],
                partner=data["partner"],
                number=data["number"],
                signed_on=data["signed_on"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                subject=data["subject"],
                file=data["file"],
                mentors=data.get("mentors") or [],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{agreement} с «{agreement.partner.short_name}» внесено.")
            return redirect("partners:agreement_detail", pk=agreement.pk)
    return render(
        request,
        "partners/agreement_form.html",
        {"form": form, "agreement": None, "partner": partner, "partners": partners},
    )


@require_GET
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_partner_pages(request)
    agreement, can_edit = get_agreement_for_user(request.user, pk)
    mentors = list(agreement_mentors(agreement))
    if mentors:
        log_personal_data_access(
            user=request.user,
            request=request,
            action=AccessAction.VIEW,
            object_type="agreement",
            object_id=agreement.pk,
            organization=agreement.partner,
            details=f"наставников в соглашении: {len(mentors)}",
        )
    return render(
        request,
        "partners/agreement_detail.html",
        {
            "agreement": agreement,
            "status": agreement.status,
            "can_edit": can_edit,
            "mentors": mentors,
            "history": history_of(agreement, hidden=("file", "file_size", "file_kind")) if can_edit else [],
        },
    )


def _editable(request: AuthenticatedHttpRequest, pk: int) -> Agreement:
    _require_partner_pages(request)
    agreement, can_edit = get_agreement_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(NOT_A_KEEPER)
    return agreement


@require_http_methods(["GET", "POST"])
def agreement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
    mentors = MentorProfile.objects.filter(
        Q(pk__in=mentors_a_partner_supplies(agreement.partner).values("pk"))
        | Q(pk__in=agreement.mentors.values("pk"))
    )
    form = AgreementForm(
        request.POST or None,
        request.FILES or None,
        instance=agreement,
        mentors=mentors,
        initial={"mentors": list(agreement.mentors.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.agreement_update(
                by=request.user,
                agreement=agreement,
                number=data["number"],
                signed_on=data["signed_on"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
                subject=data["subject"],
                file=data["file"],
                remove_file=data.get("remove_file", False),
                mentors=data["mentors"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("partners:agreement_detail", pk=agreement.pk)
        agreement.refresh_from_db()
    return render(
        request,
        "partners/agreement_form.html",
        {"form": form, "agreement": agreement, "partner": agreement.partner},
    )


@require_POST
def agreement_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    agreement = _editable(request, pk)
    label = str(agreement)
    try:
        services.agreement_delete(by=request.user, agreement=agreement)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("partners:agreement_detail", pk=agreement.pk)
    messages.success(request, f"{label} удалено.")
    return redirect("partners:agreement_list")


@require_GET
def agreement_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    _require_partner_pages(request)
    agreement, _ = get_agreement_for_user(request.user, pk)
    if not agreement.file:
        raise Http404("У соглашения нет файла")
    try:
        stream = agreement.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл соглашения не найден в хранилище") from error
    return FileResponse(stream, as_attachment=True, filename=agreement.file_name or "agreement")

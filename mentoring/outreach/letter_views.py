"""Pages of the information letters (roadmap 2.1): the department's letters with who has not read them,
an organization's incoming letters, writing, attaching, sending and marking read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    LETTER_RECIPIENT_KINDS,
    get_letter_for_user,
    municipalities_where_user_writes_letters,
    scope_of,
    sees_letters,
)
from mentoring.common.forms import add_service_errors, form_errors_text
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.outreach import services
from mentoring.outreach.forms import AttachmentForm, LetterForm
from mentoring.outreach.models import InformationLetter, LetterAttachment, LetterStatus
from mentoring.outreach.selectors import (
    department_letters,
    incoming_letters,
    letter_receipts,
    my_receipts,
    quarterly_letter_suggestion,
)
from mentoring.outreach.views import file_response
from mentoring.roadmaps.models import ItemCheckpoint, RoadmapItem

PER_PAGE = 25
NOT_FOR_YOU = "Информационные письма доступны управлению образования и сотрудникам организаций."
ONLY_DEPARTMENT = "Информационные письма пишет и отправляет управление образования."


def _require_letters(request: AuthenticatedHttpRequest) -> None:
    if not sees_letters(request.user):
        raise PermissionDenied(NOT_FOR_YOU)


def _writable_municipalities(request: AuthenticatedHttpRequest) -> QuerySet[Municipality]:
    municipalities = municipalities_where_user_writes_letters(request.user)
    if not municipalities.exists():
        raise PermissionDenied(ONLY_DEPARTMENT)
    return municipalities


def _recipients(municipality_ids: QuerySet) -> QuerySet[Organization]:
    return Organization.objects.filter(
        municipality_id__in=municipality_ids, kind__in=LETTER_RECIPIENT_KINDS, is_archived=False
    )


def _roadmap_items(municipality_ids: QuerySet) -> QuerySet[RoadmapItem]:
    """Items of the municipal roadmaps of this and last year that repeat (have checkpoints)."""
    year = timezone.localdate().year
    return RoadmapItem.objects.filter(
        roadmap__organization__kind=OrganizationKind.DEPARTMENT,
        roadmap__organization__municipality_id__in=municipality_ids,
        roadmap__year__in=[year - 1, year],
    ).filter(Exists(ItemCheckpoint.objects.filter(item=OuterRef("pk"))))


@require_GET
def letter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_letters(request)
    user = request.user
    scope = scope_of(user)
    unread_only = request.GET.get("unread") == "1"
    context: dict[str, object] = {"unread_only": unread_only, "is_department": scope.is_department}
    if scope.is_department:
        status = request.GET.get("status", "")
        status = status if status in LetterStatus.values else ""
        context["status"] = status
        context["page"] = paginate(
            request, department_letters(visible_to=user, status=status), per_page=PER_PAGE
        )
        context["suggestion"] = quarterly_letter_suggestion(visible_to=user, today=timezone.localdate())
        context["can_write"] = municipalities_where_user_writes_letters(user).exists()
    else:
        context["page"] = paginate(
            request, incoming_letters(visible_to=user, unread_only=unread_only), per_page=PER_PAGE
        )
    return render(request, "outreach/letter_list.html", context)


def _letter_form(request: AuthenticatedHttpRequest, letter: InformationLetter | None) -> LetterForm:
    if letter is None:
        municipalities = _writable_municipalities(request)
        ids = municipalities.values("pk")
        initial = {}
        item_pk = request.GET.get("roadmap_item", "")
        if item_pk.isdigit():
            initial["roadmap_item"] = int(item_pk)
        return LetterForm(
            request.POST or None,
            municipalities=municipalities,
            organizations=_recipients(ids),
            roadmap_items=_roadmap_items(ids),
            initial=initial,
        )
    own = Municipality.objects.filter(pk=letter.municipality_id).values("pk")
    return LetterForm(
        request.POST or None,
        instance=letter,
        municipalities=None,
        organizations=_recipients(own),
        roadmap_items=_roadmap_items(own),
    )


@require_http_methods(["GET", "POST"])
def letter_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _letter_form(request, None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            letter = services.letter_create(
                by=request.user,
                municipality=form.chosen_municipality(),
                subject=data["subject"],
                body=data["body"],
                number=data["number"],
                to_all=data["to_all"],
                organizations=data["organizations"],
                roadmap_item=data["roadmap_item"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Черновик письма сохранён. Приложите файлы, если нужно, и отправьте его."
            )
            return redirect("outreach:letter_detail", pk=letter.pk)
    return render(request, "outreach/letter_form.html", {"form": form, "letter": None})


def _draft(request: AuthenticatedHttpRequest, pk: int) -> InformationLetter:
    letter, can_edit = get_letter_for_user(request.user, pk)
    if not can_edit:
        raise PermissionDenied(ONLY_DEPARTMENT)
    return letter


@require_GET
def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_letters(request)
    letter, can_edit = get_letter_for_user(request.user, pk)
    receipts = letter_receipts(letter) if can_edit and letter.is_sent else []
    mine = my_receipts(request.user, letter)
    return render(
        request,
        "outreach/letter_detail.html",
        {
            "letter": letter,
            "can_edit": can_edit,
            "attachments": list(letter.attachments.all()),
            "attachment_form": AttachmentForm() if can_edit and not letter.is_sent else None,
            "receipts": receipts,
            "unread_receipts": [receipt for receipt in receipts if receipt.read_at is None],
            "my_receipts": mine,
            "i_have_unread": any(receipt.read_at is None for receipt in mine),
            "chosen": list(letter.chosen.order_by("short_name"))
            if not letter.to_all and not letter.is_sent
            else [],
            "history": history_of(letter) if can_edit else [],
        },
    )


@require_http_methods(["GET", "POST"])
def letter_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = _draft(request, pk)
    if letter.is_sent:
        messages.error(request, "Письмо уже отправлено: изменить его нельзя.")
        return redirect("outreach:letter_detail", pk=letter.pk)
    form = _letter_form(request, letter)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.letter_update(
                by=request.user,
                letter=letter,
                subject=data["subject"],
                body=data["body"],
                number=data["number"],
                to_all=data["to_all"],
                organizations=data["organizations"],
                roadmap_item=data["roadmap_item"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            letter.refresh_from_db()
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("outreach:letter_detail", pk=letter.pk)
    return render(request, "outreach/letter_form.html", {"form": form, "letter": letter})


@require_POST
def letter_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = _draft(request, pk)
    link = request.build_absolute_uri(reverse("outreach:letter_detail", kwargs={"pk": letter.pk}))
    try:
        count = services.letter_send(by=request.user, letter=letter, link=link)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, f"Письмо отправлено: организаций — {count}. Они увидят его в системе и по e-mail."
        )
    return redirect("outreach:letter_detail", pk=letter.pk)


@require_POST
def letter_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = _draft(request, pk)
    try:
        services.letter_delete(by=request.user, letter=letter)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("outreach:letter_detail", pk=letter.pk)
    messages.success(request, "Черновик удалён.")
    return redirect("outreach:letter_list")


@require_POST
def attachment_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = _draft(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors_text(form))
    else:
        try:
            attachment = services.letter_attachment_add(
                by=request.user, letter=letter, file=form.cleaned_data["file"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Файл «{attachment.file_name}» приложен.")
    return redirect("outreach:letter_detail", pk=letter.pk)


def _attachment(request: AuthenticatedHttpRequest, pk: int) -> tuple[LetterAttachment, bool]:
    attachment = get_object_or_404(LetterAttachment.objects.select_related("letter"), pk=pk)
    try:
        _, can_edit = get_letter_for_user(request.user, attachment.letter_id)
    except Http404:
        raise Http404("Вложение не найдено") from None
    return attachment, can_edit


@require_GET
def attachment_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    attachment, _ = _attachment(request, pk)
    return file_response(attachment.file, attachment.file_name)


@require_POST
def attachment_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    attachment, can_edit = _attachment(request, pk)
    if not can_edit:
        raise PermissionDenied(ONLY_DEPARTMENT)
    try:
        services.letter_attachment_delete(by=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Вложение удалено.")
    return redirect("outreach:letter_detail", pk=attachment.letter_id)


@require_POST
def letter_mark_read(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter, _ = get_letter_for_user(request.user, pk)
    receipts = my_receipts(request.user, letter)
    if not receipts:
        raise PermissionDenied("Отметить прочтение может сотрудник организации, которой адресовано письмо.")
    for receipt in receipts:
        services.letter_mark_read(by=request.user, receipt=receipt)
    messages.success(request, "Письмо отмечено прочитанным.")
    return redirect("outreach:letter_detail", pk=letter.pk)

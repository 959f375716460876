"""The department's side of retention (152-FZ, art. 21): the people whose period has ended and the
anonymisation of one person."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mentoring.common.access import (
    can_act_on_subject_rights_of,
    get_person_for_user,
    municipalities_administered_by,
)
from mentoring.common.audit import log_personal_data_access
from mentoring.common.models import AccessAction
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.people.anonymisation import people_due_for_anonymisation, person_anonymise
from mentoring.people.models import Person


@require_GET
def retention(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = list(municipalities_administered_by(request.user).order_by("name"))
    if not municipalities:
        raise PermissionDenied(
            "Сроки хранения персональных данных контролирует администратор управления образования."
        )
    chosen = request.GET.get("municipality", "")
    municipality = next((m for m in municipalities if str(m.pk) == chosen), municipalities[0])
    records = people_due_for_anonymisation(Person.objects.filter(municipality=municipality))
    page = paginate(request, records)
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.VIEW,
        object_type="people_due",
        organization=None,
        municipality=municipality,
        details=f"истёк срок хранения: {len(records)}, на странице: {len(page.object_list)}",
    )
    return render(
        request,
        "people/retention.html",
        {
            "page": page,
            "municipality": municipality,
            "municipalities": municipalities,
            "total": len(records),
            "withdrawal_days": settings.RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS,
        },
    )


@require_POST
def anonymise(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person, _ = get_person_for_user(request.user, pk)
    if not can_act_on_subject_rights_of(request.user, person):
        raise PermissionDenied("Обезличивает данные человека администратор управления образования.")
    if not request.POST.get("confirm"):
        messages.error(
            request, "Подтвердите обезличивание: отметьте, что данные человека будут удалены безвозвратно."
        )
        return redirect("people:detail", pk=person.pk)
    try:
        result = person_anonymise(by=request.user, person=person, request=request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("people:detail", pk=person.pk)
    except Person.DoesNotExist as error:  # removed meanwhile
        raise Http404 from error
    text = (
        f"Данные участника № {person.pk} обезличены: изменено записей — {result.rows_changed}, "
        f"удалено файлов — {result.files_deleted}."
    )
    if result.shared_documents_kept:
        text += (
            f" Документов, касающихся и других людей, оставлено с файлами: {result.shared_documents_kept} "
            "(участник из них исключён)."
        )
    messages.success(request, text)
    return redirect("people:detail", pk=person.pk)

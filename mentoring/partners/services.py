"""Every write to the agreements with partner organizations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import DOCUMENT_HOLDER_KINDS, can_keep_documents_of
from mentoring.documents.uploads import (
    delete_after_commit,
    display_file_name,
    save_with_file,
    validate_document_file,
)
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.partners.models import Agreement
from mentoring.people.models import MentorProfile
from mentoring.people.normalize import normalize_text


def _require_keeper(by: User, organization: Organization) -> None:
    if organization.kind not in DOCUMENT_HOLDER_KINDS:
        raise ValidationError(
            {
                "organization": "Соглашение с партнёром подписывает школа, организация ДО или управление образования."
            }
        )
    if not can_keep_documents_of(by, organization):
        raise PermissionDenied(f"Вы не ведёте соглашения организации «{organization.short_name}».")


def _check_partner(organization: Organization, partner: Organization) -> None:
    if partner.kind != OrganizationKind.PARTNER:
        raise ValidationError(
            {
                "partner": f"«{partner.short_name}» — не организация-партнёр: выберите предприятие, вуз или НКО из списка партнёров."
            }
        )
    if partner.municipality_id != organization.municipality_id:
        raise ValidationError(
            {
                "partner": f"Организация-партнёр должна быть из того же муниципалитета, что и «{organization.short_name}»."
            }
        )
    if partner.is_archived:
        raise ValidationError({"partner": f"Организация-партнёр «{partner.short_name}» перенесена в архив."})


def _check_dates(
    *, signed_on: datetime.date, valid_from: datetime.date, valid_until: datetime.date | None
) -> None:
    errors: dict[str, str] = {}
    if signed_on > timezone.localdate():
        errors["signed_on"] = (
            "Дата подписания не может быть в будущем: внесите соглашение, когда его подпишут."
        )
    if valid_until is not None and valid_until < valid_from:
        errors["valid_until"] = "Окончание действия соглашения не может быть раньше его начала."
    elif valid_until is not None and signed_on > valid_until:
        errors["signed_on"] = "Соглашение не может быть подписано после окончания срока его действия."
    if errors:
        raise ValidationError(errors)


def _checked_mentors(
    partner: Organization, mentors: Iterable[MentorProfile], *, already: Iterable[int] = ()
) -> list[MentorProfile]:
    """Mentors from the partner's base; ones linked already keep their place (a person archived since)."""
    chosen = list(mentors)
    kept = set(already)
    ids = [mentor.pk for mentor in chosen if mentor.pk not in kept]
    of_partner = set(
        MentorProfile.objects.filter(
            pk__in=ids, person__organization=partner, person__is_archived=False
        ).values_list("pk", flat=True)
    )
    if set(ids) - of_partner:
        raise ValidationError(
            {"mentors": f"Наставники по соглашению выбираются из базы наставников «{partner.short_name}»."}
        )
    return chosen


def _set_text(agreement: Agreement, *, number: str, subject: str) -> None:
    agreement.number = " ".join(number.split())
    agreement.subject = subject.strip()
    agreement.search_text = normalize_text(f"{agreement.number} {agreement.subject}")


def _attach_file(agreement: Agreement, upload: UploadedFile) -> None:
    kind = validate_document_file(upload)
    agreement.file_name = display_file_name(upload.name or "")
    agreement.file_size = upload.size or 0
    agreement.file_kind = kind.label
    extension = agreement.file_name.rsplit(".", 1)[-1].lower()
    upload.name = f"agreement.{extension}"
    agreement.file = upload


@transaction.atomic
def agreement_create(
    *,
    by: User,
    organization: Organization,
    partner: Organization,
    number: str,
    signed_on: datetime.date,
    valid_from: datetime.date,
    subject: str,
    valid_until: datetime.date | None = None,
    file: UploadedFile | None = None,
    mentors: Iterable[MentorProfile] = (),
) -> Agreement:
    """Registers an agreement of the organization with a partner of the same municipality."""
    _require_keeper(by, organization)
    _check_partner(organization, partner)
    _check_dates(signed_on=signed_on, valid_from=valid_from, valid_until=valid_until)
    chosen = _checked_mentors(partner, mentors)
    agreement = Agreement(
        organization=organization,
        partner=partner,
        signed_on=signed_on,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=by,
    )
    _set_text(agreement, number=number, subject=subject)
    if file is not None:
        _attach_file(agreement, file)
    agreement.full_clean(exclude=["file"])
    save_with_file(agreement)
    agreement.mentors.set(chosen)
    return agreement


@transaction.atomic
def agreement_update(
    *,
    by: User,
    agreement: Agreement,
    number: str,
    signed_on: datetime.date,
    valid_from: datetime.date,
    subject: str,
    valid_until: datetime.date | None = None,
    file: UploadedFile | None = None,
    remove_file: bool = False,
    mentors: Iterable[MentorProfile] | None = None,
) -> Agreement:
    """Changes the agreement's terms, file and mentors; its parties stay (another partner means
    another agreement). `mentors` None leaves them as they are."""
    _require_keeper(by, agreement.organization)
    _check_dates(signed_on=signed_on, valid_from=valid_from, valid_until=valid_until)
    chosen = None
    if mentors is not None:
        already = agreement.mentors.values_list("pk", flat=True)
        chosen = _checked_mentors(agreement.partner, mentors, already=already)
    old_file = agreement.file if agreement.file else None
    agreement.signed_on = signed_on
    agreement.valid_from = valid_from
    agreement.valid_until = valid_until
    _set_text(agreement, number=number, subject=subject)
    if file is not None:
        _attach_file(agreement, file)
    elif remove_file:
        agreement.file = ""
        agreement.file_name = ""
        agreement.file_size = 0
        agreement.file_kind = ""
    agreement.full_clean(exclude=["file"])
    save_with_file(agreement)
    if chosen is not None:
        agreement.mentors.set(chosen)
    if old_file is not None and agreement.file.name != old_file.name:
        delete_after_commit(old_file)
    return agreement


@transaction.atomic
def agreement_delete(*, by: User, agreement: Agreement) -> None:
    """Deletes an agreement entered by mistake. One under which mentors were supplied stays: it is the
    ground on which those people work with pupils; the history keeps what was deleted."""
    _require_keeper(by, agreement.organization)
    if agreement.mentors.exists():
        raise ValidationError(
            "По соглашению направлены наставники: удалить его нельзя. Если соглашение внесено по ошибке, "
            "сначала уберите из него наставников."
        )
    file = agreement.file if agreement.file else None
    agreement.delete()
    delete_after_commit(file)

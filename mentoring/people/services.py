"""Every write to the bases of mentors and mentees."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from mentoring.accounts.models import User
from mentoring.common.access import can_keep_people_of, municipalities_administered_by
from mentoring.common.files import MEGABYTE, SCANS, validate_upload
from mentoring.organizations.models import Organization
from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MenteeStatus,
    MentorCompetency,
    MentorProfile,
    Person,
    PersonCategory,
    SchoolYearPlacement,
    SupportArea,
    TrainingStatus,
)
from mentoring.people.normalize import normalize_text

PERSON_FIELDS = (
    "category",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "sex",
    "grade",
    "class_letter",
    "position",
    "subject",
    "experience_years",
    "email",
    "phone",
    "representative_name",
    "representative_relation",
    "representative_phone",
    "external_id",
    "notes",
)
CONSENT_SCAN_MAX_BYTES = 10 * MEGABYTE
EARLIEST_BIRTH_DATE = datetime.date(1900, 1, 1)


def current_school_year(day: datetime.date | None = None) -> int:
    """The calendar year in which the school year of `day` began (1 September)."""
    day = day or timezone.localdate()
    return day.year if day.month >= 9 else day.year - 1


def person_search_name(last_name: str, first_name: str, patronymic: str) -> str:
    return normalize_text(f"{last_name} {first_name} {patronymic}")


def likely_duplicates(
    *,
    municipality_id: int,
    last_name: str,
    first_name: str,
    patronymic: str,
    birth_date: datetime.date | None,
    exclude_pk: int | None = None,
) -> QuerySet[Person]:
    """People of the municipality with the same name (case, spaces and ё/е aside) and birth date."""
    found = Person.objects.filter(
        municipality_id=municipality_id,
        search_name=person_search_name(last_name, first_name, patronymic),
        birth_date=birth_date,
    )
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return found.select_related("organization")


def _require_keeper(by: User, organization: Organization) -> None:
    if not can_keep_people_of(by, organization):
        raise PermissionDenied(f"Вы не можете изменять базы организации «{organization.short_name}».")


# What the importer checks for a whole file at once instead of row by row.
CHECKED_IN_BULK_FOREIGN_KEYS = ("municipality", "organization", "category", "subject", "user")


def validate_person(person: Person, *, check_database: bool = True) -> None:
    """Field rules plus the rules that tie fields together; raises ValidationError naming the field.

    `check_database=False` skips the per-row queries (foreign keys, uniqueness, constraints): the
    importer checks those for the whole file in bulk, and the database enforces them on writing.
    """
    person.search_name = person_search_name(person.last_name, person.first_name, person.patronymic)
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if person.birth_date and not (EARLIEST_BIRTH_DATE <= person.birth_date <= today):
        errors["birth_date"] = "Дата рождения должна быть между 01.01.1900 и сегодняшним днём."
    category_code = person.category.code if person.category_id else ""
    if category_code == PersonCategory.PUPIL:
        if not person.grade:
            errors["grade"] = "Для обучающегося укажите класс (1–11)."
        if not person.birth_date:
            errors["birth_date"] = "Для обучающегося укажите дату рождения."
        if person.class_year is None:
            person.class_year = current_school_year()
    elif person.grade or person.class_letter:
        errors["grade"] = "Класс указывается только для обучающихся."
    else:
        person.class_year = None
    if person.class_letter:
        person.class_letter = person.class_letter.upper()
    if errors:
        raise ValidationError(errors)
    if check_database:
        person.full_clean(exclude=["search_name"])
    else:
        person.full_clean(
            exclude=["search_name", *CHECKED_IN_BULK_FOREIGN_KEYS],
            validate_unique=False,
            validate_constraints=False,
        )


@transaction.atomic
def person_create(*, by: User, organization: Organization, **fields: Any) -> Person:
    _require_keeper(by, organization)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person(organization=organization, municipality_id=organization.municipality_id, **fields)
    validate_person(person)
    person.save()
    return person


@transaction.atomic
def person_update(*, by: User, person: Person, **fields: Any) -> Person:
    _require_keeper(by, person.organization)
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(person, name, value)
    validate_person(person)
    person.save()
    return person


@transaction.atomic
def person_move(*, by: User, person: Person, organization: Organization) -> Person:
    """Moves a person to another organization of the same municipality (a pupil changing school)."""
    _require_keeper(by, person.organization)
    _require_keeper(by, organization)
    if organization.municipality_id != person.municipality_id:
        raise ValidationError({"organization": "Организация другого муниципалитета."})
    person.organization = organization
    person.save(update_fields=["organization", "updated_at"])
    return person


@transaction.atomic
def person_set_archived(*, by: User, person: Person, archived: bool) -> Person:
    _require_keeper(by, person.organization)
    if person.is_archived != archived:
        person.is_archived = archived
        person.archived_at = timezone.now() if archived else None
        person.save(update_fields=["is_archived", "archived_at", "updated_at"])
    return person


# --- mentee base ---------------------------------------------------------------------------------


@transaction.atomic
def mentee_profile_save(*, by: User, person: Person, **fields: Any) -> MenteeProfile:
    """Puts the person into the mentee base or changes their entry (subtype, dates, status, free days)."""
    _require_keeper(by, person.organization)
    profile = MenteeProfile.objects.filter(person=person).first() or MenteeProfile(
        person=person, joined_on=timezone.localdate()
    )
    for name, value in fields.items():
        if name not in {"subtype", "joined_on", "status", "availability"}:
            raise TypeError(f"unknown mentee field: {name}")
        setattr(profile, name, value)
    if profile.subtype and not profile.subtype.categories.filter(pk=person.category_id).exists():
        raise ValidationError(
            {"subtype": f"Подтип «{profile.subtype}» не относится к категории «{person.category}»."}
        )
    profile.full_clean()
    profile.save()
    return profile


@transaction.atomic
def mentee_request_add(*, by: User, mentee: MenteeProfile, **fields: Any) -> MenteeRequest:
    _require_keeper(by, mentee.person.organization)
    fields.setdefault("school_year", current_school_year())
    request = MenteeRequest(mentee=mentee, **fields)
    if request.area and request.area.needs_subject and not request.subject:
        raise ValidationError({"subject": f"Для направления «{request.area}» укажите предмет."})
    request.full_clean()
    request.save()
    return request


@transaction.atomic
def mentee_request_set_open(*, by: User, request: MenteeRequest, is_open: bool) -> MenteeRequest:
    _require_keeper(by, request.mentee.person.organization)
    if request.is_open != is_open:
        request.is_open = is_open
        request.save(update_fields=["is_open", "updated_at"])
    return request


# --- mentor base ---------------------------------------------------------------------------------

MENTOR_FIELDS = {"capacity", "availability", "joined_on", "training_status", "was_mentee", "is_active"}


@transaction.atomic
def mentor_profile_save(
    *, by: User, person: Person, forms: Iterable[Any] | None = None, **fields: Any
) -> MentorProfile:
    """Puts the person into the mentor base or changes their entry, with the forms of mentoring the
    person may serve in (each must allow the person's category as a mentor)."""
    _require_keeper(by, person.organization)
    # Locked like in mentorship_create, so that saving the profile never writes back a stale count of
    # the mentor's active mentees.
    profile = MentorProfile.objects.select_for_update().filter(person=person).first() or MentorProfile(
        person=person, joined_on=timezone.localdate()
    )
    for name, value in fields.items():
        if name not in MENTOR_FIELDS:
            raise TypeError(f"unknown mentor field: {name}")
        setattr(profile, name, value)
    chosen = list(forms) if forms is not None else None
    if chosen:
        unsuitable = [
            form.name for form in chosen if not form.mentor_categories.filter(pk=person.category_id).exists()
        ]
        if unsuitable:
            raise ValidationError(
                {
                    "forms": f"В формах {', '.join(unsuitable)} категория «{person.category}» не может быть наставником."
                }
            )
    profile.full_clean()
    profile.save()
    if chosen is not None:
        profile.forms.set(chosen)
    return profile


# Training statuses in the order a mentor goes through them.
TRAINING_ORDER = (TrainingStatus.NOT_TRAINED, TrainingStatus.IN_TRAINING, TrainingStatus.TRAINED)


@transaction.atomic
def mentor_training_status_raise(*, mentor: MentorProfile, status: str) -> MentorProfile:
    """Moves the mentor's training status up to `status`, never down: enrolling in a training makes a
    mentor who is not trained «in training», completing it makes them «trained» (matching relies on it
    where a program takes trained mentors only). Called by mentoring.outreach.services, which checks
    the acting user's right to record the training."""
    profile = MentorProfile.objects.select_for_update().get(pk=mentor.pk)
    wanted, current = TrainingStatus(status), TrainingStatus(profile.training_status)
    if TRAINING_ORDER.index(wanted) > TRAINING_ORDER.index(current):
        profile.training_status = status
        profile.save(update_fields=["training_status", "updated_at"])
    mentor.training_status = profile.training_status
    return profile


@transaction.atomic
def mentor_competency_add(*, by: User, mentor: MentorProfile, **fields: Any) -> MentorCompetency:
    _require_keeper(by, mentor.person.organization)
    competency = MentorCompetency(mentor=mentor, **fields)
    if competency.area and competency.area.needs_subject and not competency.subject:
        raise ValidationError({"subject": f"Для направления «{competency.area}» укажите предмет."})
    competency.full_clean()
    competency.save()
    return competency


@transaction.atomic
def mentor_competency_remove(*, by: User, competency: MentorCompetency) -> None:
    _require_keeper(by, competency.mentor.person.organization)
    competency.delete()


# --- consent -------------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    by: User,
    person: Person,
    given_by: str,
    given_on: datetime.date,
    representative_name: str = "",
    valid_until: datetime.date | None = None,
    allows_processing: bool = True,
    allows_publication: bool = False,
    document: UploadedFile | None = None,
) -> Consent:
    """Records a consent; for a minor only a legal representative can give it."""
    _require_keeper(by, person.organization)
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": "Дата согласия не может быть в будущем."})
    if person.is_minor_on(given_on) and given_by != ConsentGiver.REPRESENTATIVE:
        raise ValidationError({"given_by": "За несовершеннолетнего согласие даёт законный представитель."})
    if given_by == ConsentGiver.REPRESENTATIVE and not representative_name:
        representative_name = person.representative_name
    if document is not None:
        validate_upload(document, kinds=SCANS, max_bytes=CONSENT_SCAN_MAX_BYTES)
    consent = Consent(
        person=person,
        given_by=given_by,
        representative_name=representative_name if given_by == ConsentGiver.REPRESENTATIVE else "",
        given_on=given_on,
        valid_until=valid_until,
        allows_processing=allows_processing,
        allows_publication=allows_publication,
        recorded_by=by,
    )
    consent.full_clean(exclude=["document"])
    if document is not None:
        consent.document.save(document.name or "scan", document, save=False)
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, by: User, consent: Consent, withdrawn_on: datetime.date | None = None) -> Consent:
    """Marks the consent withdrawn; from that day the person is not matched and not exported."""
    _require_keeper(by, consent.person.organization)
    withdrawn_on = withdrawn_on or timezone.localdate()
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": "Согласие нельзя отозвать раньше, чем оно дано."})
    if consent.withdrawn_on is None:
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on", "updated_at"])
    return consent


# --- the school year ----------------------------------------------------------------------------

LAST_GRADE = 11


@dataclass
class RolloverPlan:
    """What the roll-over from school year `from_year` to the next would do."""

    from_year: int
    promoted: list[Person] = field(default_factory=list)
    graduating: list[Person] = field(default_factory=list)
    already_done: int = 0
    open_requests: int = 0

    @property
    def label(self) -> str:
        return f"{self.from_year}/{self.from_year + 1} → {self.from_year + 1}/{self.from_year + 2}"


def default_rollover_year(day: datetime.date | None = None) -> int:
    """The school year that ended most recently: in June–August 2026 and in the autumn of 2026 it is
    2025/26; in the summer the year that is just ending counts as ended."""
    day = day or timezone.localdate()
    return current_school_year(day) if 6 <= day.month <= 8 else current_school_year(day) - 1


def rollover_plan(*, organizations: QuerySet[Organization], from_year: int) -> RolloverPlan:
    """Pupils whose class refers to `from_year` move up a class; those in the last class become
    alumni. Pupils whose class already refers to a later year are counted, not touched again."""
    plan = RolloverPlan(from_year=from_year)
    plan.already_done = Person.objects.filter(
        organization__in=organizations,
        is_archived=False,
        category__code=PersonCategory.PUPIL,
        class_year__gt=from_year,
    ).count()
    pupils = (
        Person.objects.filter(
            organization__in=organizations,
            is_archived=False,
            category__code=PersonCategory.PUPIL,
            class_year=from_year,
        )
        .select_related("organization", "category")
        .order_by("organization__short_name", "grade", "class_letter", "last_name", "first_name")
    )
    for pupil in pupils:
        if pupil.grade and pupil.grade >= LAST_GRADE:
            plan.graduating.append(pupil)
        else:
            plan.promoted.append(pupil)
    plan.open_requests = MenteeRequest.objects.filter(
        mentee__person__organization__in=organizations, school_year=from_year, is_open=True
    ).count()
    return plan


@transaction.atomic
def rollover_apply(
    *, by: User, organizations: QuerySet[Organization], from_year: int, carry_over_requests: bool
) -> RolloverPlan:
    """Moves pupils up a class and graduates the last class into alumni, keeping in
    SchoolYearPlacement who was in which class in `from_year`; open requests of that year are carried
    over to the next year or closed. Running it again for the same year changes nothing."""
    for organization in organizations:
        _require_keeper(by, organization)
    plan = rollover_plan(organizations=organizations, from_year=from_year)
    alumnus = PersonCategory.objects.get(code=PersonCategory.ALUMNUS)
    changed = [*plan.promoted, *plan.graduating]
    SchoolYearPlacement.objects.bulk_create(
        SchoolYearPlacement(
            person=person,
            school_year=from_year,
            category=person.category,
            grade=person.grade,
            class_letter=person.class_letter,
            organization=person.organization,
        )
        for person in changed
    )
    for person in plan.promoted:
        person.grade = (person.grade or 0) + 1
        person.class_year = from_year + 1
    for person in plan.graduating:
        person.category = alumnus
        person.grade = None
        person.class_letter = ""
        person.class_year = None
    bulk_update_with_history(
        changed, Person, ["grade", "class_letter", "class_year", "category"], batch_size=500, default_user=by
    )
    leaving = list(MenteeProfile.objects.filter(person__in=plan.graduating, status=MenteeStatus.WAITING))
    for profile in leaving:
        profile.status = MenteeStatus.LEFT
    bulk_update_with_history(leaving, MenteeProfile, ["status"], batch_size=500, default_user=by)
    requests = list(
        MenteeRequest.objects.filter(
            mentee__person__organization__in=organizations, school_year=from_year, is_open=True
        )
    )
    for request in requests:
        if carry_over_requests:
            request.school_year = from_year + 1
        else:
            request.is_open = False
    bulk_update_with_history(
        requests, MenteeRequest, ["school_year", "is_open"], batch_size=500, default_user=by
    )
    return plan


# --- the catalogue of requests and competencies --------------------------------------------------


def _require_catalogue_owner(by: User, area: SupportArea) -> None:
    if area.organization is not None:
        if not can_keep_people_of(by, area.organization):
            raise PermissionDenied(f"Вы не ведёте каталог организации «{area.organization.short_name}».")
    elif area.municipality_id is not None:
        if not municipalities_administered_by(by).filter(pk=area.municipality_id).exists():
            raise PermissionDenied("Каталог муниципалитета ведёт управление образования.")
    elif not by.is_superuser:
        raise PermissionDenied("Общий каталог по умолчанию меняет только администратор системы.")


@transaction.atomic
def support_area_create(
    *, by: User, organization: Organization | None = None, municipality_id: int | None = None, **fields: Any
) -> SupportArea:
    """Adds a direction to a municipality's catalogue or to an organization's own."""
    area = SupportArea(
        organization=organization, municipality_id=None if organization else municipality_id, **fields
    )
    _require_catalogue_owner(by, area)
    area.full_clean()
    area.save()
    return area


@transaction.atomic
def support_area_set_active(*, by: User, area: SupportArea, active: bool) -> SupportArea:
    """Hides a direction from new requests (old requests keep it) or brings it back."""
    _require_catalogue_owner(by, area)
    if area.is_active != active:
        area.is_active = active
        area.save(update_fields=["is_active"])
    return area

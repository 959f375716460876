"""Anonymisation of a person (152-FZ, art. 21) and the retention periods that make it due.

Anonymising keeps the person's row and every record the figures count (the category, the organization,
pairs, meetings, scores of feedback and questionnaires, register snapshots), so dashboards, indicators
and справки show the same numbers afterwards; it removes everything that identifies the human:

- the person's names, contacts, representative, notes, external id, class letter and position; the
  birth date becomes the 1st of July of the same year (age groups stay, the day does not);
- texts the person wrote (feedback comments, reflections, free answers of questionnaires, requests,
  competencies) are emptied; scans and files attached to the person's own records are deleted;
- every other text near the person (meeting notes of the person's pairs, reasons, document titles,
  matching explanations) keeps its words except the person's names, e-mail and phone;
- the history tables of all those records get the same treatment, so an old version does not bring
  the data back;
- the person's user account is closed: no name, login, e-mail, phone, password or second factor,
  no roles, no API tokens, no login attempts in the lockout log.

Documents concerning the person alone lose their file; an order concerning several people keeps its
file (it is the organization's record of everybody else in it, kept under the archival rules) and the
person is only unlinked from it: the result counts such documents so the administrator can see them.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import can_act_on_subject_rights_of
from mentoring.common.audit import log_personal_data_access
from mentoring.common.models import AccessAction, PersonalDataAccess
from mentoring.people.models import Consent, MenteeProfile, MentorProfile, Person, valid_consent_q
from mentoring.people.services import person_search_name
from mentoring.people.subject_rights import history_rows, other_side_of_links, rows_referring_to

ANONYMOUS_LAST_NAME = "Обезличен"
MASK = "[обезличено]"

# Fields wholly about the person, on rows that belong to the person: emptied, not searched.
OWN_TEXT_FIELDS: dict[str, tuple[str, ...]] = {
    "people.consent": ("representative_name",),
    "people.menteeprofile": ("availability",),
    "people.mentorprofile": ("availability",),
    "people.menteerequest": ("text",),
    "people.mentorcompetency": ("text",),
    "people.schoolyearplacement": ("class_letter",),
    "mentorships.feedback": ("comment",),
    "mentorships.reflection": ("achievements", "difficulties", "next_steps"),
    "outreach.enrolment": ("certificate_number", "file_name"),
    "outreach.contestentry": ("file_name",),
    "outreach.award": ("file_name",),
    "surveys.answer": ("text",),
}
# Emptied fields that a constraint wants filled: they get the mask instead.
MASKED_NOT_EMPTIED = {("people.consent", "representative_name")}
# Models whose rows carry no personal data of the subject and must not be rewritten: the access log
# names the subject by id only (and is append-only), the register snapshot holds links and figures.
UNTOUCHED_MODELS = {"common.personaldataaccess", "monitoring.registerentry", "monitoring.registersnapshot"}

PERSON_CLEARED_FIELDS = {
    "patronymic": "",
    "sex": "",
    "class_letter": "",
    "position": "",
    "subject_id": None,
    "email": "",
    "phone": "",
    "representative_name": "",
    "representative_relation": "",
    "representative_phone": "",
    "external_id": "",
    "notes": "",
}
USER_CLEARED_FIELDS = {
    "first_name": "",
    "last_name": "",
    "patronymic": "",
    "email": "",
    "phone": "",
    "totp_secret": "",
    "is_active": False,
}


@dataclass
class AnonymisationResult:
    rows_changed: int = 0
    files_deleted: int = 0
    # Documents concerning several people: their files stay, the person is unlinked.
    shared_documents_kept: int = 0
    deleted_files: list[str] = field(default_factory=list)


def _word_stem(word: str) -> str:
    """A stem that also finds the Russian case forms of a name: «Иванов» finds «Иванову», «Ивановой»."""
    stem = word[:-1] if len(word) >= 4 else word
    return "".join("[её]" if char in "её" else re.escape(char) for char in stem.lower()) + r"\w{0,3}"


def identifying_pattern(words: Iterable[str], literals: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for the person's names (any case form, ё or е) and exact contacts in free text."""
    alternatives = []
    for word in words:
        for part in re.split(r"[\s\-.,]+", word):
            if len(part) >= 3:
                alternatives.append(r"(?<!\w)" + _word_stem(part) + r"(?!\w)")
    alternatives.extend(re.escape(literal) for literal in literals if len(literal) >= 3)
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def _scrubbed(value: Any, pattern: re.Pattern[str] | None, max_length: int | None) -> Any:
    if pattern is None or value in (None, ""):
        return value
    if isinstance(value, str):
        result = pattern.sub(MASK, value)
        return result[:max_length] if max_length else result
    # JSON: the pattern matches words and contacts only, never quotes or brackets.
    return json.loads(pattern.sub(MASK, json.dumps(value, ensure_ascii=False)))


def _text_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.CharField | models.TextField | models.JSONField)
        and not isinstance(model_field, models.FileField)
        and not model_field.choices
        and model_field.name not in {"history_change_reason", "history_type", "password"}
    ]


def _file_fields(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        model_field
        for model_field in model._meta.concrete_fields
        if isinstance(model_field, models.FileField)
    ]


def _base_label(model: type[models.Model]) -> str:
    """The label of the model a history model records (`people.historicalconsent` → `people.consent`)."""
    instance_type = getattr(model, "instance_type", None)
    return (instance_type or model)._meta.label_lower


class _Rewriter:
    def __init__(self, pattern: re.Pattern[str] | None) -> None:
        self.pattern = pattern
        self.result = AnonymisationResult()
        self.seen: set[tuple[str, Any]] = set()

    def rewrite(self, row: models.Model, *, own: bool, drop_files: bool) -> None:
        model = type(row)
        key = (model._meta.label_lower, row.pk)
        if key in self.seen or _base_label(model) in UNTOUCHED_MODELS:
            return
        self.seen.add(key)
        emptied = OWN_TEXT_FIELDS.get(_base_label(model), ()) if own else ()
        changes: dict[str, Any] = {}
        for text_field in _text_fields(model):
            current = getattr(row, text_field.attname)
            if text_field.name in emptied:
                masked = (_base_label(model), text_field.name) in MASKED_NOT_EMPTIED
                wanted: Any = MASK if masked and current else ""
            else:
                wanted = _scrubbed(current, self.pattern, getattr(text_field, "max_length", None))
            if wanted != current:
                changes[text_field.attname] = wanted
        for file_field in _file_fields(model):
            name = getattr(row, file_field.attname)
            name = getattr(name, "name", name)
            if name and drop_files:
                changes[file_field.attname] = ""
                if not getattr(model, "instance_type", None):
                    self.result.deleted_files.append(name)
        if changes:
            model._default_manager.filter(pk=row.pk).update(**changes)
            self.result.rows_changed += 1


def _open_mentorships_of(person: Person) -> list[str]:
    from mentoring.mentorships.models import OPEN_STATUSES, Mentorship

    mentorships = Mentorship.objects.filter(status__in=OPEN_STATUSES).filter(
        Q(mentor__person=person) | Q(participants__mentee__person=person, participants__left_on__isnull=True)
    )
    return [str(mentorship) for mentorship in mentorships.distinct()[:3]]


def _close_account(user: User, result: AnonymisationResult, rewriter: _Rewriter) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    from mentoring.accounts.models import Membership
    from mentoring.accounts.services import forget_scope
    from mentoring.api.models import ApiToken

    old_username = user.username
    for log_model in (AccessAttempt, AccessLog, AccessFailureLog):
        log_model.objects.filter(username=old_username).delete()
    ApiToken.objects.filter(user=user).delete()
    Membership.objects.filter(user=user, is_active=True).update(
        is_active=False, ended_on=timezone.localdate(), updated_at=timezone.now()
    )
    cleared = {**USER_CLEARED_FIELDS, "username": f"obezlichen-{user.pk}"}
    user.set_unusable_password()
    User.objects.filter(pk=user.pk).update(password=user.password, **cleared)
    result.rows_changed += 1
    for row in history_rows(user):
        rewriter.rewrite(row, own=True, drop_files=True)
        kept_in_history = {model_field.attname for model_field in type(row)._meta.concrete_fields}
        type(row)._default_manager.filter(pk=row.pk).update(
            **{name: value for name, value in cleared.items() if name in kept_in_history}
        )
    forget_scope(user)


@transaction.atomic
def person_anonymise(*, by: User, person: Person, request: HttpRequest | None = None) -> AnonymisationResult:
    """Removes everything that identifies the person and keeps what the figures count. One event in the
    access log; the files go from the storage once the transaction commits."""
    if not can_act_on_subject_rights_of(by, person):
        raise PermissionDenied("Обезличивает данные человека администратор управления образования.")
    person = (
        Person.objects.select_for_update(of=("self",))
        .select_related("user", "organization")
        .get(pk=person.pk)
    )
    if person.anonymised_at is not None:
        raise ValidationError(
            f"Данные участника уже обезличены {timezone.localtime(person.anonymised_at):%d.%m.%Y}."
        )
    open_pairs = _open_mentorships_of(person)
    if open_pairs:
        raise ValidationError(
            "Участник состоит в действующей паре или группе («" + "», «".join(open_pairs) + "»): сначала "
            "завершите её или выведите участника из группы, затем обезличьте данные."
        )

    account = person.user
    words = [person.last_name, person.first_name, person.patronymic, person.representative_name]
    literals = [person.email, person.phone, person.representative_phone, person.external_id]
    if account is not None:
        words += [account.last_name, account.first_name, account.patronymic]
        literals += [account.email, account.phone, account.username]
    consents = Consent.objects.filter(person=person)
    for consent in consents:
        words += [consent.given_by, consent.representative_name]
    rewriter = _Rewriter(identifying_pattern(filter(None, words), filter(None, literals)))

    profiles: list[models.Model] = [
        profile
        for profile in (
            MenteeProfile.objects.filter(person=person).first(),
            MentorProfile.objects.filter(person=person).first(),
        )
        if profile is not None
    ]
    targets: dict[type[models.Model], set[Any]] = {Person: {person.pk}}
    for profile in profiles:
        targets[type(profile)] = {profile.pk}
    own_rows = rows_referring_to(targets, user_pk=account.pk if account else None)
    for profile in profiles:
        own_rows.setdefault(type(profile), []).append(profile)
        own_rows.setdefault(type(profile).history.model, []).extend(history_rows(profile))  # type: ignore[attr-defined]

    # The second ring: records the person's own rows point to from the other side — the pairs and their
    # meetings, the questionnaire answers, the documents — searched for the names only.
    from mentoring.documents.models import Document
    from mentoring.mentorships.models import Mentorship
    from mentoring.surveys.models import SurveyResponse

    mentorship_ids = {
        row.mentorship_id for rows in own_rows.values() for row in rows if hasattr(row, "mentorship_id")
    }
    mentorship_ids |= set(Mentorship.objects.filter(mentor__person=person).values_list("pk", flat=True))
    response_ids = set(SurveyResponse.objects.filter(person=person).values_list("pk", flat=True))
    documents = [row for row in other_side_of_links(own_rows) if isinstance(row, Document)]
    ring_rows = rows_referring_to(
        {Mentorship: mentorship_ids, SurveyResponse: response_ids, Document: {d.pk for d in documents}},
        user_pk=None,
    )
    ring_rows.setdefault(Mentorship, []).extend(Mentorship.objects.filter(pk__in=mentorship_ids))
    for mentorship_id in mentorship_ids:
        ring_rows.setdefault(Mentorship.history.model, []).extend(
            Mentorship.history.model.objects.filter(id=mentorship_id)
        )
    for document in documents:
        ring_rows.setdefault(Document, []).append(document)
        ring_rows.setdefault(Document.history.model, []).extend(history_rows(document))

    for model, rows in own_rows.items():
        if model in (PersonalDataAccess, Person):
            continue  # the access log is untouchable; the person's own row is rewritten below
        for row in rows:
            rewriter.rewrite(row, own=True, drop_files=True)
    solely_about_person = {document.pk for document in documents if document.people.count() == 1}
    for model, rows in ring_rows.items():
        for row in rows:
            label = _base_label(model)
            own_answer = label == "surveys.answer" and row.response_id in response_ids  # type: ignore[attr-defined]
            # `id` is the document's own id on its history rows too.
            about_person_alone = label == "documents.document" and row.id in solely_about_person  # type: ignore[attr-defined]
            rewriter.rewrite(row, own=own_answer, drop_files=about_person_alone)
    rewriter.result.shared_documents_kept = len(documents) - len(solely_about_person)
    for document in documents:
        if document.pk not in solely_about_person:
            document.people.remove(person)

    if account is not None:
        _close_account(account, rewriter.result, rewriter)

    birth_date = person.birth_date
    cleared = {
        **PERSON_CLEARED_FIELDS,
        "last_name": ANONYMOUS_LAST_NAME,
        "first_name": f"№ {person.pk}",
        "birth_date": datetime.date(birth_date.year, 7, 1) if birth_date else None,
        "user_id": None,
        "anonymised_at": timezone.now(),
    }
    cleared["search_name"] = person_search_name(ANONYMOUS_LAST_NAME, f"№ {person.pk}", "")
    for name, value in cleared.items():
        setattr(person, name, value)
    if not person.is_archived:
        person.is_archived, person.archived_at = True, timezone.now()
    person._change_reason = "обезличивание (152-ФЗ, ст. 21)"  # type: ignore[attr-defined]
    person.save()
    history_cleared = {name: value for name, value in cleared.items() if name != "anonymised_at"}
    Person.history.model.objects.filter(id=person.pk).update(**history_cleared)
    rewriter.result.rows_changed += 1

    result = rewriter.result
    result.files_deleted = len(result.deleted_files)
    transaction.on_commit(lambda: _delete_files(result.deleted_files))
    log_personal_data_access(
        user=by,
        request=request,
        action=AccessAction.ANONYMISE,
        object_type="person",
        object_id=person.pk,
        organization=person.organization,
        details=(
            f"изменено записей: {result.rows_changed}, удалено файлов: {result.files_deleted}, "
            f"общих документов оставлено: {result.shared_documents_kept}"
        ),
    )
    return result


def _delete_files(names: list[str]) -> None:
    from django.core.files.storage import default_storage

    for name in names:
        default_storage.delete(name)


# --- retention --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueRecord:
    person: Person
    reason: str
    due_since: datetime.date


def people_due_for_anonymisation(
    people: QuerySet[Person], *, on: datetime.date | None = None
) -> list[DueRecord]:
    """People whose retention period has ended on the day: a consent withdrawn more than
    RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS ago with no valid consent since, or moved to the archive
    more than RETENTION_AFTER_ARCHIVE_DAYS ago. Anonymised people are not listed again."""
    on = on or timezone.localdate()
    after_withdrawal = datetime.timedelta(days=settings.RETENTION_AFTER_CONSENT_WITHDRAWAL_DAYS)
    after_archive = datetime.timedelta(days=settings.RETENTION_AFTER_ARCHIVE_DAYS)
    candidates = people.filter(anonymised_at__isnull=True).select_related("organization")
    records: dict[int, DueRecord] = {}
    withdrawn = (
        candidates.exclude(consents__in=Consent.objects.filter(valid_consent_q(on)))
        .annotate(last_withdrawal=Max("consents__withdrawn_on"))
        .filter(last_withdrawal__isnull=False, last_withdrawal__lte=on - after_withdrawal)
    )
    for person in withdrawn:
        due_since = person.last_withdrawal + after_withdrawal
        records[person.pk] = DueRecord(
            person,
            f"согласие отозвано {person.last_withdrawal:%d.%m.%Y}",
            due_since,
        )
    archive_deadline = timezone.make_aware(datetime.datetime.combine(on - after_archive, datetime.time.max))
    for archived in candidates.filter(is_archived=True, archived_at__lte=archive_deadline):
        if archived.pk not in records and archived.archived_at is not None:
            archived_on = timezone.localtime(archived.archived_at).date()
            records[archived.pk] = DueRecord(
                archived, f"в архиве с {archived_on:%d.%m.%Y}", archived_on + after_archive
            )
    return sorted(records.values(), key=lambda record: (record.due_since, record.person.pk))

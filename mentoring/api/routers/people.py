"""People of the bases (mentors and mentees). Only people whose consent to processing is valid today
are given out (152-FZ); writes go through the spreadsheet importer, so that the API checks a person
exactly as an import does."""

import csv
import datetime
import io
from typing import Literal

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from mentoring.api.errors import error_body
from mentoring.api.routers.common import responses
from mentoring.api.schemas import ErrorOut, PageMeta, Paging, page
from mentoring.api.types import Pk, SearchText, Text
from mentoring.common.access import (
    can_keep_people_of,
    get_organization_for_user,
    get_person_for_user,
    sees_people_bases,
)
from mentoring.common.audit import log_people_shown, log_personal_data_access
from mentoring.common.models import AccessAction
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.people.importing import COLUMN_BY_KEY, COLUMNS, apply_import, plan_import
from mentoring.people.models import Person
from mentoring.people.selectors import PeopleFilters, people_with_valid_consent, person_list

router = Router(tags=["Участники"])

Role = Literal["mentor", "mentee", "both"]


class PersonOut(Schema):
    id: int
    external_id: str
    organization_id: int
    organization: str
    category: str
    last_name: str
    first_name: str
    patronymic: str
    birth_date: datetime.date | None
    sex: str
    school_class: str
    position: str
    experience_years: int | None
    email: str
    phone: str
    is_mentor: bool
    is_mentee: bool
    mentee_status: str = Field(
        description="waiting | in_mentorship | left; пусто, если не в базе наставляемых"
    )


class PersonPage(PageMeta):
    items: list[PersonOut]


class PeopleFilterIn(Schema):
    q: SearchText = Field("", description="Поиск по ФИО")
    organization_id: Pk | None = None
    category_id: Pk | None = None
    role: Role | None = Field(None, description="mentor | mentee | both")
    archived: bool = False


def _out(person: Person) -> dict[str, object]:
    mentee = getattr(person, "mentee_profile", None)
    return {
        "id": person.pk,
        "external_id": person.external_id,
        "organization_id": person.organization_id,
        "organization": person.organization.short_name,
        "category": person.category.name,
        "last_name": person.last_name,
        "first_name": person.first_name,
        "patronymic": person.patronymic,
        "birth_date": person.birth_date,
        "sex": person.sex,
        "school_class": person.school_class,
        "position": person.position,
        "experience_years": person.experience_years,
        "email": person.email,
        "phone": person.phone,
        "is_mentor": hasattr(person, "mentor_profile"),
        "is_mentee": mentee is not None,
        "mentee_status": mentee.status if mentee is not None else "",
    }


def _log_page(request: AuthenticatedHttpRequest, people: list[Person]) -> None:
    """One access-log event per organization whose people this page gave out (as an export does)."""
    log_people_shown(
        user=request.user, request=request, action=AccessAction.EXPORT, people=people, details="API"
    )


@router.get("/people", response=responses(PersonPage), summary="Участники с действующим согласием")
def list_people(
    request: AuthenticatedHttpRequest, filters: Query[PeopleFilterIn], paging: Query[Paging]
) -> dict[str, object]:
    if not sees_people_bases(request.user):
        raise PermissionDenied("Базы доступны управлению образования и сотрудникам организаций")
    people = people_with_valid_consent(
        person_list(
            visible_to=request.user,
            filters=PeopleFilters(
                q=filters.q,
                organization_id=filters.organization_id,
                category_id=filters.category_id,
                role=filters.role or "",
                archived=filters.archived,
            ),
        )
    )
    result = page(people, paging)
    _log_page(request, result["items"])
    result["items"] = [_out(person) for person in result["items"]]
    return result


@router.get("/people/{pk}", response=responses(PersonOut), summary="Участник")
def get_person(request: AuthenticatedHttpRequest, pk: Pk) -> dict[str, object]:
    person, _ = get_person_for_user(request.user, pk)
    consenting = people_with_valid_consent(Person.objects.filter(pk=person.pk)).select_related(
        "organization", "category", "mentee_profile", "mentor_profile"
    )
    found = consenting.first()
    if found is None:
        raise PermissionDenied("Нет действующего согласия на обработку персональных данных этого участника")
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.VIEW,
        object_type="person",
        object_id=found.pk,
        organization=found.organization,
        details="API",
    )
    return _out(found)


# --- writes: the importer's rules ------------------------------------------------------------------


class PersonIn(Schema):
    """One person as a row of the import spreadsheet; the keys are the importer's column keys."""

    last_name: Text = Field(..., max_length=100, description="Фамилия")
    first_name: Text = Field(..., max_length=100, description="Имя")
    patronymic: Text | None = Field(None, max_length=100, description="Отчество")
    birth_date: datetime.date | None = Field(None, description="Дата рождения")
    sex: Literal["М", "Ж", "M", "F"] | None = Field(None, description="Пол: М или Ж")
    category: Text = Field(..., max_length=100, description="Категория: «Обучающийся», «Педагог»…")
    school_class: Text | None = Field(None, max_length=10, description="Класс, например «7А»")
    position: Text | None = Field(None, max_length=200, description="Должность")
    subject: Text | None = Field(None, max_length=100, description="Предмет")
    experience: int | None = Field(None, ge=0, le=70, description="Педагогический стаж, лет")
    phone: Text | None = Field(None, max_length=30)
    email: Text | None = Field(None, max_length=254)
    role: Literal["наставник", "наставляемый", "оба"] | None = Field(None, description="База")
    subtype: Text | None = Field(None, max_length=100, description="Подтип наставляемого")
    requests: list[Text] | None = Field(None, max_length=20, description="Запросы наставляемого")
    competencies: list[Text] | None = Field(None, max_length=20, description="Компетенции наставника")
    consent: datetime.date | None = Field(None, description="Дата согласия на обработку ПД")
    representative_name: Text | None = Field(None, max_length=300)
    representative_relation: Text | None = Field(None, max_length=50)
    representative_phone: Text | None = Field(None, max_length=30)
    external_id: Text | None = Field(None, max_length=64, description="Идентификатор в Навигаторе")
    notes: Text | None = Field(None, max_length=2000)


class PeopleWriteIn(Schema):
    organization_id: Pk = Field(..., description="Организация, в базы которой пишутся участники")
    rows: list[PersonIn] = Field(..., min_length=1, max_length=500)
    dry_run: bool = Field(False, description="Только проверить, ничего не записывать")


class PeopleWriteOut(Schema):
    created: int
    updated: int
    unchanged: int
    dry_run: bool


_KEYS = [column.key for column in COLUMNS if column.key in PersonIn.model_fields]
_KEY_BY_HEADER = {COLUMN_BY_KEY[key].header: key for key in _KEYS}


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value)


def _as_csv(rows: list[PersonIn]) -> bytes:
    used = [key for key in _KEYS if any(getattr(row, key) is not None for row in rows)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([COLUMN_BY_KEY[key].header for key in used])
    for row in rows:
        writer.writerow([_cell(getattr(row, key)) for key in used])
    return buffer.getvalue().encode("utf-8-sig")


@router.post(
    "/people",
    response=responses(PeopleWriteOut),
    summary="Добавить или обновить участников (правила импорта)",
    description="Строки проверяются целиком, как файл импорта: при любой ошибке ничего не записывается, "
    "а ошибки называют строку и поле (rows.N.поле).",
)
def write_people(request: AuthenticatedHttpRequest, payload: PeopleWriteIn) -> object:
    organization, _ = get_organization_for_user(request.user, payload.organization_id)
    if not can_keep_people_of(request.user, organization):
        raise PermissionDenied(f"Вы не можете изменять базы организации «{organization.short_name}»")
    plan = plan_import(organization=organization, data=_as_csv(payload.rows), filename="api.csv")
    if plan.errors:
        errors = []
        for error in plan.errors:
            key = _KEY_BY_HEADER.get(error.column, "")
            if error.row is None or error.row < 2:
                errors.append((key, error.message))
            else:
                errors.append((f"rows.{error.row - 2}" + (f".{key}" if key else ""), error.message))
        return Status(
            422,
            ErrorOut(**error_body("Участники не записаны: исправьте ошибки. Ничего не изменено.", errors)),
        )
    if payload.dry_run:
        return {
            "created": plan.created,
            "updated": plan.updated,
            "unchanged": plan.unchanged,
            "dry_run": True,
        }
    result = apply_import(by=request.user, organization=organization, plan=plan)
    log_personal_data_access(
        user=request.user,
        request=request,
        action=AccessAction.IMPORT,
        object_type="people_base",
        organization=organization,
        details=f"API: создано {result.created}, обновлено {result.updated}, без изменений {result.unchanged}",
    )
    return {
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "dry_run": False,
    }

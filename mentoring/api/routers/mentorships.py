"""Pairs and groups with their meetings and feedback. What each reader gets follows
`mentorship_rights`: the mentees' names and the notes for readers of people, feedback for its
readers (never for the other side)."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from mentoring.api.routers.common import responses
from mentoring.api.schemas import PageMeta, Paging, page
from mentoring.api.types import Pk, SearchText, Text
from mentoring.common.access import (
    get_meeting_for_user,
    get_mentorship_for_user,
    get_person_for_user,
    mentorship_rights,
)
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.integrations.navigator.selectors import external_ids_of_mentorships
from mentoring.mentorships import selectors, services
from mentoring.mentorships.models import (
    Feedback,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    Mentorship,
    MentorshipStatus,
)

router = Router(tags=["Пары и группы"])


class MenteeOut(Schema):
    person_id: int
    full_name: str
    joined_on: datetime.date
    left_on: datetime.date | None
    is_active: bool


class MentorshipOut(Schema):
    id: int
    external_id: str
    organization_id: int
    program_id: int
    program: str
    status: str
    started_on: datetime.date
    planned_end_on: datetime.date
    ended_on: datetime.date | None
    mentor_person_id: int
    mentor: str
    held_meetings: int
    feedback_missing: int
    mentees: list[MenteeOut] | None = Field(
        None,
        description="Наставляемые; null, если вам их имена не положены (например, представителю партнёра)",
    )


class MentorshipPage(PageMeta):
    items: list[MentorshipOut]


class MentorshipFilterIn(Schema):
    q: SearchText = Field("", description="Поиск по ФИО наставника")
    organization_id: Pk | None = None
    program_id: Pk | None = None
    status: MentorshipStatus | None = None


def _out(mentorship: Mentorship, external_ids: dict[int, str], with_mentees: bool) -> dict[str, object]:
    mentees = None
    if with_mentees:
        mentees = [
            {
                "person_id": place.mentee.person_id,
                "full_name": place.mentee.person.full_name,
                "joined_on": place.joined_on,
                "left_on": place.left_on,
                "is_active": place.is_active,
            }
            for place in mentorship.participants.all()
        ]
    return {
        "id": mentorship.pk,
        "external_id": external_ids.get(mentorship.pk, ""),
        "organization_id": mentorship.organization_id,
        "program_id": mentorship.program_id,
        "program": mentorship.program.title,
        "status": mentorship.status,
        "started_on": mentorship.started_on,
        "planned_end_on": mentorship.planned_end_on,
        "ended_on": mentorship.ended_on,
        "mentor_person_id": mentorship.mentor.person_id,
        "mentor": mentorship.mentor.person.full_name,
        "held_meetings": getattr(mentorship, "held_meetings", 0),
        "feedback_missing": getattr(mentorship, "feedback_missing", 0),
        "mentees": mentees,
    }


@router.get("/mentorships", response=responses(MentorshipPage), summary="Пары и группы")
def list_mentorships(
    request: AuthenticatedHttpRequest, filters: Query[MentorshipFilterIn], paging: Query[Paging]
) -> dict[str, object]:
    mentorships = selectors.mentorship_list(
        visible_to=request.user,
        filters=selectors.MentorshipFilters(
            q=filters.q,
            organization_id=filters.organization_id,
            program_id=filters.program_id,
            status=filters.status or "",
        ),
        search_mentees=False,
    )
    result = page(mentorships, paging)
    external_ids = external_ids_of_mentorships([m.pk for m in result["items"]])
    result["items"] = [_out(m, external_ids, with_mentees=False) for m in result["items"]]
    return result


@router.get("/mentorships/{pk}", response=responses(MentorshipOut), summary="Пара или группа")
def get_mentorship(request: AuthenticatedHttpRequest, pk: Pk) -> dict[str, object]:
    mentorship, _ = get_mentorship_for_user(request.user, pk)
    rights = mentorship_rights(request.user, mentorship)
    card = selectors.mentorship_card(mentorship)
    return _out(card, external_ids_of_mentorships([card.pk]), with_mentees=rights.reads_people)


# --- meetings and feedback --------------------------------------------------------------------------


class FeedbackOut(Schema):
    id: int
    author_person_id: int
    role: str
    usefulness: int
    comfort: int
    clarity: int
    comment: str
    entered_by_staff: bool


class MeetingOut(Schema):
    id: int
    mentorship_id: int
    kind: str
    status: str
    starts_at: datetime.datetime
    duration_minutes: int
    is_online: bool
    place: str
    topic: str
    notes: str | None = Field(None, description="Заметки; null, если они вам не положены")
    attended_person_ids: list[int] | None = None
    feedback: list[FeedbackOut] | None = Field(
        None, description="Обратная связь; null, если она вам не положена"
    )


class MeetingList(Schema):
    count: int
    items: list[MeetingOut]


def _meeting_out(
    meeting: Meeting, *, reads_people: bool, reads_feedback: bool, own_person_id: int | None
) -> dict[str, object]:
    feedback = None
    if reads_feedback or own_person_id is not None:
        feedback = [
            item for item in meeting.feedback.all() if reads_feedback or item.author_id == own_person_id
        ]
    return {
        "id": meeting.pk,
        "mentorship_id": meeting.mentorship_id,
        "kind": meeting.kind,
        "status": meeting.status,
        "starts_at": meeting.starts_at,
        "duration_minutes": meeting.duration_minutes,
        "is_online": meeting.is_online,
        "place": meeting.place,
        "topic": meeting.topic,
        "notes": meeting.notes if reads_people else None,
        "attended_person_ids": (
            [a.mentee.person_id for a in meeting.attendances.all() if a.attended] if reads_people else None
        ),
        "feedback": [
            {
                "id": item.pk,
                "author_person_id": item.author_id,
                "role": item.role,
                "usefulness": item.usefulness,
                "comfort": item.comfort,
                "clarity": item.clarity,
                "comment": item.comment,
                "entered_by_staff": item.entered_by_staff,
            }
            for item in feedback
        ]
        if feedback is not None
        else None,
    }


def _own_person_id(request: AuthenticatedHttpRequest) -> int | None:
    person = selectors.person_of(request.user)
    return person.pk if person is not None else None


@router.get(
    "/mentorships/{pk}/meetings", response=responses(MeetingList), summary="Встречи пары с обратной связью"
)
def list_meetings(request: AuthenticatedHttpRequest, pk: Pk) -> dict[str, object]:
    mentorship, _ = get_mentorship_for_user(request.user, pk)
    rights = mentorship_rights(request.user, mentorship)
    own = _own_person_id(request) if rights.is_participant else None
    meetings = selectors.mentorship_meetings(mentorship)
    items = [
        _meeting_out(
            m, reads_people=rights.reads_people, reads_feedback=rights.reads_feedback, own_person_id=own
        )
        for m in meetings
    ]
    return {"count": len(items), "items": items}


class MeetingIn(Schema):
    kind: MeetingKind = Field(..., description="intro | trial | planning | work | final")
    starts_at: datetime.datetime = Field(..., description="Дата и время, ISO 8601")
    duration_minutes: int = Field(45, ge=5, le=600)
    is_online: bool = False
    place: Text = Field("", max_length=300)
    link: Text = Field("", max_length=500)
    topic: Text = Field("", max_length=300)
    notes: Text = Field("", max_length=3000)
    held: bool = Field(False, description="Встреча уже состоялась (нужны присутствовавшие)")
    attended_person_ids: list[Pk] = Field(default_factory=list, max_length=50)


class HeldIn(Schema):
    attended_person_ids: list[Pk] = Field(..., min_length=1, max_length=50)


def _attendees(mentorship: Mentorship, person_ids: list[int]) -> list[object]:
    places = {
        place.mentee.person_id: place.mentee
        for place in mentorship.participants.filter(is_active=True).select_related("mentee")
    }
    unknown = [pk for pk in person_ids if pk not in places]
    if unknown:
        raise ValidationError(
            {"attended_person_ids": "Среди присутствовавших есть тот, кого нет в паре или группе."}
        )
    return [places[pk] for pk in person_ids]


def _reload(meeting: Meeting) -> Meeting:
    return (
        Meeting.objects.filter(pk=meeting.pk)
        .prefetch_related(
            Prefetch("attendances", queryset=MeetingAttendance.objects.select_related("mentee")),
            Prefetch("feedback", queryset=Feedback.objects.all()),
        )
        .get()
    )


@router.post(
    "/mentorships/{pk}/meetings",
    response=responses(MeetingOut, 201),
    summary="Запланировать или записать встречу",
)
def create_meeting(request: AuthenticatedHttpRequest, pk: Pk, payload: MeetingIn) -> Status:
    mentorship, _ = get_mentorship_for_user(request.user, pk)
    attended = _attendees(mentorship, payload.attended_person_ids) if payload.held else None
    meeting = services.meeting_save(
        by=request.user,
        mentorship=mentorship,
        held=payload.held,
        attended=attended,  # type: ignore[arg-type]
        kind=payload.kind,
        starts_at=payload.starts_at,
        duration_minutes=payload.duration_minutes,
        is_online=payload.is_online,
        place=payload.place,
        link=payload.link,
        topic=payload.topic,
        notes=payload.notes,
    )
    return Status(
        201, _meeting_out(_reload(meeting), reads_people=True, reads_feedback=True, own_person_id=None)
    )


@router.post(
    "/meetings/{pk}/held", response=responses(MeetingOut), summary="Отметить, что встреча состоялась"
)
def mark_meeting_held(request: AuthenticatedHttpRequest, pk: Pk, payload: HeldIn) -> dict[str, object]:
    meeting, _ = get_meeting_for_user(request.user, pk)
    attended = _attendees(meeting.mentorship, payload.attended_person_ids)
    saved = services.meeting_save(
        by=request.user,
        mentorship=meeting.mentorship,
        meeting=meeting,
        held=True,
        attended=attended,  # type: ignore[arg-type]
    )
    return _meeting_out(_reload(saved), reads_people=True, reads_feedback=True, own_person_id=None)


class FeedbackIn(Schema):
    author_person_id: Pk | None = Field(
        None,
        description="Чья обратная связь; по умолчанию — ваша. Куратор вносит за участника с бумажной анкеты.",
    )
    usefulness: int = Field(..., ge=1, le=10)
    comfort: int = Field(..., ge=1, le=10)
    clarity: int = Field(..., ge=1, le=10)
    comment: Text = Field("", max_length=2000)


@router.post(
    "/meetings/{pk}/feedback", response=responses(FeedbackOut, 201), summary="Обратная связь о встрече"
)
def give_feedback(request: AuthenticatedHttpRequest, pk: Pk, payload: FeedbackIn) -> Status:
    meeting, _ = get_meeting_for_user(request.user, pk)
    if payload.author_person_id is None:
        author = selectors.person_of(request.user)
        if author is None:
            raise ValidationError(
                {"author_person_id": "Ваша учётная запись не связана с участником: укажите автора."}
            )
    else:
        author, _ = get_person_for_user(request.user, payload.author_person_id)
    feedback = services.feedback_give(
        by=request.user,
        meeting=meeting,
        author=author,
        usefulness=payload.usefulness,
        comfort=payload.comfort,
        clarity=payload.clarity,
        comment=payload.comment,
    )
    return Status(
        201,
        {
            "id": feedback.pk,
            "author_person_id": feedback.author_id,
            "role": feedback.role,
            "usefulness": feedback.usefulness,
            "comfort": feedback.comfort,
            "clarity": feedback.clarity,
            "comment": feedback.comment,
            "entered_by_staff": feedback.entered_by_staff,
        },
    )

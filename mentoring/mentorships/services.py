"""Every write to mentorships: forming pairs and groups, their plans, meetings and feedback, concerns,
mentor replacement, leaving and completion, and the communities of mentors.

Two invariants hold in every function here: a mentee's place is given up (inactive, with the leaving
date) whenever the mentee leaves, and the mentor's counter of active mentees changes in the same
transaction, under the mentor's row lock, with F() expressions. Rows are locked in one order: the
mentorship first, then mentors by id.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, Q
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import (
    can_keep_community,
    can_resolve_concern,
    can_run_programs_of,
    can_share_in_community,
    community_owners_for,
    library_materials_for_community,
    mentorship_rights,
    people_joinable_to_community,
)
from mentoring.common.files import JPEG, MEGABYTE, PNG, validate_upload
from mentoring.documents.models import Document
from mentoring.library.models import Material
from mentoring.matching.rules import pair_problems
from mentoring.mentorships.models import (
    DEFAULT_FEEDBACK_REMINDER_DAYS,
    ClosingEvent,
    Community,
    CommunityEvent,
    CommunityMaterial,
    CommunityMember,
    Concern,
    Feedback,
    FeedbackReminder,
    FeedbackRole,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MeetingStatus,
    MentorReplacement,
    Mentorship,
    MentorshipMentee,
    MentorshipStatus,
    PlanItem,
    PlanItemKind,
    Reflection,
    ReflectionKind,
    WorkSettings,
)
from mentoring.organizations.models import Organization
from mentoring.people.models import (
    Consent,
    MenteeProfile,
    MenteeStatus,
    MentorProfile,
    Person,
    valid_consent_q,
)
from mentoring.people.services import mentor_profile_save
from mentoring.programs.models import Program


def _require_runner(by: User, program: Program) -> None:
    if not can_run_programs_of(by, program.organization):
        raise PermissionDenied("Формировать пары и группы могут куратор и руководитель организации.")


def _lock_mentor(mentor: MentorProfile) -> MentorProfile:
    """The mentor's row, locked until the transaction ends: places are counted and taken under it."""
    return MentorProfile.objects.select_for_update().select_related("person").get(pk=mentor.pk)


def _take_places(mentor: MentorProfile, count: int) -> None:
    locked = _lock_mentor(mentor)
    free = locked.capacity - locked.active_mentees
    if count > free:
        raise ValidationError(
            f"У наставника {locked.person} свободно мест: {max(free, 0)}, а в паре или группе "
            f"наставляемых: {count}."
        )
    # The check constraint on the counter is the last word if anything slipped past the lock.
    MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=F("active_mentees") + count)
    mentor.active_mentees = locked.active_mentees + count


def _create(
    *,
    program: Program,
    mentor: MentorProfile,
    mentees: Sequence[MenteeProfile],
    by: User,
    started_on: datetime.date,
    planned_end_on: datetime.date,
    order: Document | None,
    check_pairs: bool = True,
) -> Mentorship:
    if not mentees:
        raise ValidationError("Выберите хотя бы одного наставляемого.")
    if len({mentee.pk for mentee in mentees}) != len(mentees):
        raise ValidationError("Наставляемый указан дважды.")
    if len(mentees) > program.max_group_size:
        raise ValidationError(
            f"В программе «{program}» у наставника не больше {program.max_group_size} наставляемых."
        )
    for mentee in mentees if check_pairs else ():
        problems = pair_problems(program, mentor, mentee, started_on)
        if problems:
            raise ValidationError(f"{mentee.person}: {' '.join(problems)}")
    _take_places(mentor, len(mentees))
    mentorship = Mentorship(
        program=program,
        organization_id=program.organization_id,
        mentor=mentor,
        status=MentorshipStatus.FORMED,
        started_on=started_on,
        planned_end_on=planned_end_on,
        order_document=order,
        order_number=order.number if order else "",
        order_date=order.date if order else None,
        created_by=by,
    )
    mentorship.full_clean()
    mentorship.save()
    for mentee in mentees:
        try:
            with transaction.atomic():
                MentorshipMentee.objects.create(
                    mentorship=mentorship, mentee=mentee, program=program, joined_on=started_on
                )
        except IntegrityError as error:
            raise ValidationError(
                f"{mentee.person} уже состоит в паре или группе программы «{program}»."
            ) from error
    MenteeProfile.objects.filter(pk__in=[mentee.pk for mentee in mentees]).update(
        status=MenteeStatus.IN_MENTORSHIP
    )
    return mentorship


def _dates(program: Program, started_on: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    start = started_on or timezone.localdate()
    return start, max(program.ends_on, start)


@transaction.atomic
def mentorship_create(
    *,
    program: Program,
    mentor: MentorProfile,
    mentees: Sequence[MenteeProfile],
    by: User,
    started_on: datetime.date | None = None,
    planned_end_on: datetime.date | None = None,
    order: Document | None = None,
) -> Mentorship:
    """Forms a pair (one mentee) or a group. The mentor's free places are counted under a row lock,
    so two curators forming pairs at once never overfill a mentor."""
    _require_runner(by, program)
    start, end = _dates(program, started_on)
    return _create(
        program=program,
        mentor=mentor,
        mentees=mentees,
        by=by,
        started_on=start,
        planned_end_on=planned_end_on or end,
        order=order,
    )


@transaction.atomic
def mentorships_create_many(
    *,
    program: Program,
    groups: Sequence[tuple[MentorProfile, Sequence[MenteeProfile]]],
    by: User,
    order: Document | None = None,
    started_on: datetime.date | None = None,
) -> list[Mentorship]:
    """Forms several pairs and groups at once (a confirmed matching): all of them or none.

    Mentors are locked in the order of their ids, so that two such calls never wait for each other
    in a circle."""
    _require_runner(by, program)
    start, end = _dates(program, started_on)
    _recheck_people(program, groups, start)
    created = []
    for mentor, mentees in sorted(groups, key=lambda group: group[0].pk):
        created.append(
            _create(
                program=program,
                mentor=mentor,
                mentees=mentees,
                by=by,
                started_on=start,
                planned_end_on=end,
                order=order,
                check_pairs=False,
            )
        )
    return created


def _recheck_people(
    program: Program, groups: Sequence[tuple[MentorProfile, Sequence[MenteeProfile]]], day: datetime.date
) -> None:
    """What may have changed since the pairs were proposed, checked for everybody in a few queries:
    consent, the archive, the mentor's readiness and the mentee still waiting. (The form's rules were
    applied when the pairs were proposed.)"""
    mentor_ids = [mentor.pk for mentor, _ in groups]
    mentee_ids = [mentee.pk for _, mentees in groups for mentee in mentees]
    consenting = set(
        Consent.objects.filter(valid_consent_q(day))
        .filter(Q(person__mentor_profile__pk__in=mentor_ids) | Q(person__mentee_profile__pk__in=mentee_ids))
        .values_list("person_id", flat=True)
    )
    for mentor in MentorProfile.objects.filter(pk__in=mentor_ids).select_related("person"):
        if mentor.person.is_archived or not mentor.is_active:
            raise ValidationError(f"Наставник {mentor.person} больше не готов наставлять или в архиве.")
        if mentor.person_id not in consenting:
            raise ValidationError(
                f"У наставника {mentor.person} нет действующего согласия на обработку данных."
            )
    for mentee in MenteeProfile.objects.filter(pk__in=mentee_ids).select_related("person"):
        if mentee.person.is_archived or mentee.status != MenteeStatus.WAITING:
            raise ValidationError(f"{mentee.person} уже не ожидает наставника (статус или архив изменились).")
        if mentee.person_id not in consenting:
            raise ValidationError(
                f"У наставляемого {mentee.person} нет действующего согласия на обработку данных."
            )


# --- helpers shared by the work of mentorships ---------------------------------------------------


def _require_manager(by: User, mentorship: Mentorship) -> None:
    if not can_run_programs_of(by, mentorship.organization):
        raise PermissionDenied("Это делают куратор и руководитель организации.")


def _lock_mentorship(mentorship: Mentorship) -> Mentorship:
    """The mentorship's row, locked until the transaction ends, read afresh."""
    return (
        Mentorship.objects.select_for_update(of=("self",))
        .select_related("program", "organization", "mentor__person")
        .get(pk=mentorship.pk)
    )


def _require_open(mentorship: Mentorship) -> None:
    if not mentorship.is_open:
        raise ValidationError(
            f"Пара или группа уже {mentorship.get_status_display().lower()}: изменения не принимаются."
        )


def _release_places(mentor: MentorProfile, count: int) -> None:
    """Gives places back to the mentor, under the mentor's row lock."""
    if count <= 0:
        return
    MentorProfile.objects.select_for_update().filter(pk=mentor.pk).values_list("pk", flat=True).get()
    MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=F("active_mentees") - count)


def _leave(places: Sequence[MentorshipMentee], day: datetime.date, reason: str = "") -> None:
    """Marks the places inactive; mentees who have no other place wait for a mentor again."""
    for place in places:
        place.is_active = False
        place.left_on = max(day, place.joined_on)
        place.leave_reason = reason[:500]
        place.full_clean()
        place.save(update_fields=["is_active", "left_on", "leave_reason"])
    mentee_ids = [place.mentee_id for place in places]
    still_placed = set(
        MentorshipMentee.objects.filter(mentee_id__in=mentee_ids, is_active=True).values_list(
            "mentee_id", flat=True
        )
    )
    MenteeProfile.objects.filter(
        pk__in=[pk for pk in mentee_ids if pk not in still_placed], status=MenteeStatus.IN_MENTORSHIP
    ).update(status=MenteeStatus.WAITING)


def _active_places(mentorship: Mentorship) -> list[MentorshipMentee]:
    return list(
        MentorshipMentee.objects.filter(mentorship=mentorship, is_active=True)
        .select_related("mentee__person")
        .order_by("id")
    )


def _cancel_planned_meetings(mentorship: Mentorship) -> None:
    Meeting.objects.filter(mentorship=mentorship, status=MeetingStatus.PLANNED).update(
        status=MeetingStatus.CANCELLED
    )


# --- forming, changing and ending a pair or group ------------------------------------------------


@transaction.atomic
def mentorship_create_by_hand(
    *,
    program: Program,
    mentor: MentorProfile,
    mentees: Sequence[MenteeProfile],
    by: User,
    started_on: datetime.date | None = None,
    planned_end_on: datetime.date | None = None,
    order: Document | None = None,
    order_number: str = "",
    order_date: datetime.date | None = None,
) -> Mentorship:
    """A curator forms a pair or group on the page «Сформировать вручную»: the same rules as
    `mentorship_create`, plus the number and date of the order when it is not in the registry."""
    if order is not None and order.organization_id != program.organization_id:
        raise ValidationError({"order": "Приказ должен быть из реестра документов этой организации."})
    if bool(order_number) != bool(order_date):
        raise ValidationError({"order_number": "Укажите и номер, и дату приказа (или ни того, ни другого)."})
    mentorship = mentorship_create(
        program=program,
        mentor=mentor,
        mentees=mentees,
        by=by,
        started_on=started_on,
        planned_end_on=planned_end_on,
        order=order,
    )
    if order is None and order_number:
        mentorship.order_number = order_number
        mentorship.order_date = order_date
        mentorship.full_clean()
        mentorship.save(update_fields=["order_number", "order_date", "updated_at"])
    return mentorship


@transaction.atomic
def mentorship_add_mentee(
    *, mentorship: Mentorship, mentee: MenteeProfile, by: User, joined_on: datetime.date | None = None
) -> MentorshipMentee:
    """Adds a mentee to a pair or group (it becomes a group): the program's group size, the pair's
    rules, the mentor's free places (under the mentor's lock) and the mentee's one place per program."""
    _require_manager(by, mentorship)
    locked = _lock_mentorship(mentorship)
    _require_open(locked)
    program = locked.program
    day = joined_on or timezone.localdate()
    active = MentorshipMentee.objects.filter(mentorship=locked, is_active=True).count()
    if active >= program.max_group_size:
        raise ValidationError(
            f"В программе «{program}» у наставника не больше {program.max_group_size} наставляемых: "
            "группа уже полная."
        )
    problems = pair_problems(program, locked.mentor, mentee, day)
    if problems:
        raise ValidationError(f"{mentee.person}: {' '.join(problems)}")
    _take_places(locked.mentor, 1)
    try:
        with transaction.atomic():
            place = MentorshipMentee.objects.create(
                mentorship=locked, mentee=mentee, program=program, joined_on=max(day, locked.started_on)
            )
    except IntegrityError as error:
        raise ValidationError(
            f"{mentee.person} уже состоит в паре или группе программы «{program}»."
        ) from error
    MenteeProfile.objects.filter(pk=mentee.pk).update(status=MenteeStatus.IN_MENTORSHIP)
    return place


@transaction.atomic
def mentorship_remove_mentee(
    *, place: MentorshipMentee, by: User, reason: str, left_on: datetime.date | None = None
) -> MentorshipMentee:
    """A mentee leaves a group: the place is closed with the date and the mentor gets it back."""
    _require_manager(by, place.mentorship)
    locked = _lock_mentorship(place.mentorship)
    _require_open(locked)
    place = MentorshipMentee.objects.select_related("mentee__person").get(pk=place.pk)
    if not place.is_active:
        raise ValidationError(f"{place.mentee.person} уже вышел(а) из группы.")
    if not reason.strip():
        raise ValidationError({"reason": "Укажите причину выхода."})
    if not MentorshipMentee.objects.filter(mentorship=locked, is_active=True).exclude(pk=place.pk).exists():
        raise ValidationError(
            "Это последний наставляемый пары: прекратите работу пары досрочно или завершите её."
        )
    _leave([place], left_on or timezone.localdate(), reason.strip())
    _release_places(locked.mentor, 1)
    return place


@transaction.atomic
def mentorship_end_early(
    *, mentorship: Mentorship, by: User, reason: str, ended_on: datetime.date | None = None
) -> Mentorship:
    """Ends a pair or group before its time: planned meetings are cancelled, every mentee leaves and
    the mentor gets the places back."""
    _require_manager(by, mentorship)
    locked = _lock_mentorship(mentorship)
    _require_open(locked)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"end_reason": "Укажите причину досрочного прекращения."})
    day = ended_on or timezone.localdate()
    if day < locked.started_on:
        raise ValidationError({"ended_on": "Дата прекращения раньше начала работы."})
    places = _active_places(locked)
    locked.status = MentorshipStatus.ENDED_EARLY
    locked.ended_on = day
    locked.end_reason = reason
    locked.full_clean()
    locked.save()
    _cancel_planned_meetings(locked)
    _leave(places, day, "Пара или группа прекратила работу досрочно.")
    _release_places(locked.mentor, len(places))
    return locked


@transaction.atomic
def mentorship_replace_mentor(
    *,
    mentorship: Mentorship,
    new_mentor: MentorProfile,
    by: User,
    requested_by: str,
    reason: str,
    replaced_on: datetime.date | None = None,
) -> MentorReplacement:
    """Replaces the mentor at one side's request: the mentees' places move to the new mentor (both
    mentors' rows locked in id order), planned meetings go to the new mentor, held ones keep the old
    one, and the replacement is recorded with its reason."""
    _require_manager(by, mentorship)
    locked = _lock_mentorship(mentorship)
    _require_open(locked)
    old_mentor = locked.mentor
    if new_mentor.pk == old_mentor.pk:
        raise ValidationError({"new_mentor": "Выберите другого наставника."})
    day = replaced_on or timezone.localdate()
    places = _active_places(locked)
    for place in places:
        problems = pair_problems(locked.program, new_mentor, place.mentee, day)
        if problems:
            raise ValidationError({"new_mentor": f"{place.mentee.person}: {' '.join(problems)}"})
    record = MentorReplacement(
        mentorship=locked,
        old_mentor=old_mentor,
        new_mentor=new_mentor,
        requested_by=requested_by,
        reason=reason.strip(),
        replaced_on=day,
        recorded_by=by,
    )
    record.full_clean()
    rows = {
        row.pk: row
        for row in MentorProfile.objects.select_for_update()
        .filter(pk__in=[old_mentor.pk, new_mentor.pk])
        .select_related("person")
        .order_by("pk")
    }
    target = rows[new_mentor.pk]
    free = target.capacity - target.active_mentees
    if len(places) > free:
        raise ValidationError(
            {
                "new_mentor": f"У наставника {target.person} свободно мест: {max(free, 0)}, а наставляемых: {len(places)}."
            }
        )
    MentorProfile.objects.filter(pk=new_mentor.pk).update(active_mentees=F("active_mentees") + len(places))
    MentorProfile.objects.filter(pk=old_mentor.pk).update(active_mentees=F("active_mentees") - len(places))
    Meeting.objects.filter(mentorship=locked, status=MeetingStatus.PLANNED).update(mentor=new_mentor)
    locked.mentor = new_mentor
    locked.save(update_fields=["mentor", "updated_at"])
    record.save()
    return record


# --- the plan -------------------------------------------------------------------------------------

PLAN_FIELDS = {"kind", "goal", "title", "description", "due_on", "status", "assignee"}


def _require_plan_editor(by: User, mentorship: Mentorship) -> None:
    if not mentorship_rights(by, mentorship).edits_plan:
        raise PermissionDenied("План ведут наставник и куратор.")


@transaction.atomic
def plan_item_save(
    *, by: User, mentorship: Mentorship, item: PlanItem | None = None, **fields: object
) -> PlanItem:
    """Adds a goal or task to the plan or changes it (while the pair or group works)."""
    _require_plan_editor(by, mentorship)
    _require_open(mentorship)
    if item is None:
        item = PlanItem(mentorship=mentorship, created_by=by)
    elif item.mentorship_id != mentorship.pk:
        raise ValidationError("Пункт относится к плану другой пары.")
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise TypeError(f"unknown plan field: {name}")
        setattr(item, name, value)
    goal = item.goal
    if goal is not None:
        if item.kind == PlanItemKind.GOAL:
            raise ValidationError({"goal": "Цель не может относиться к другой цели."})
        if goal.mentorship_id != mentorship.pk or goal.kind != PlanItemKind.GOAL:
            raise ValidationError({"goal": "Выберите цель из плана этой пары или группы."})
    if item.pk and item.kind == PlanItemKind.TASK and item.tasks.exists():
        raise ValidationError({"kind": "К этой цели уже относятся задачи: она должна остаться целью."})
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_item_delete(*, by: User, item: PlanItem) -> None:
    _require_plan_editor(by, item.mentorship)
    _require_open(item.mentorship)
    if item.tasks.exists():
        raise ValidationError("Сначала удалите или перенесите задачи этой цели.")
    item.delete()


# --- meetings in their order ------------------------------------------------------------------------

SEQUENCE_TEXT = (
    "встреча-знакомство → пробная встреча → встреча-планирование → встречи совместной работы → "
    "итоговая встреча"
)
_NEXT: dict[str | None, tuple[str, ...]] = {
    None: (MeetingKind.INTRO,),
    MeetingKind.INTRO: (MeetingKind.TRIAL,),
    MeetingKind.TRIAL: (MeetingKind.PLANNING,),
    MeetingKind.PLANNING: (MeetingKind.WORK, MeetingKind.FINAL),
    MeetingKind.WORK: (MeetingKind.WORK, MeetingKind.FINAL),
    MeetingKind.FINAL: (),
}


def kinds_allowed_after(previous: str | None) -> tuple[str, ...]:
    return _NEXT[previous]


def _label(kind: str) -> str:
    return str(MeetingKind(kind).label).lower()


def sequence_problem(kinds: Sequence[str]) -> str | None:
    """Why a series of meetings (in time order, cancelled ones left out) breaks the required order;
    None when it follows it."""
    previous: str | None = None
    for kind in kinds:
        allowed = _NEXT[previous]
        if kind not in allowed:
            if previous == MeetingKind.FINAL:
                return "Итоговая встреча закрыла последовательность: после неё встреч не бывает."
            wanted = " или ".join(f"«{_label(k)}»" for k in allowed)
            where = "Первой должна быть" if previous is None else f"После встречи «{_label(previous)}» идёт"
            return (
                f"Встреча «{_label(kind)}» сейчас не по порядку. {where} {wanted}. Порядок встреч: "
                f"{SEQUENCE_TEXT}."
            )
        previous = kind
    return None


def next_meeting_kinds(mentorship: Mentorship) -> tuple[str, ...]:
    """The kinds a new meeting (after the existing ones) may be of."""
    last = (
        Meeting.objects.filter(mentorship=mentorship)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at", "-id")
        .values_list("kind", flat=True)
        .first()
    )
    return _NEXT[last]


def _check_order(mentorship: Mentorship, meeting: Meeting) -> None:
    """The meeting among the others (by time, cancelled ones left out) must keep the order, and a
    meeting is held only after every earlier one was held."""
    others = list(
        Meeting.objects.filter(mentorship=mentorship)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("starts_at", "id")
    )
    series = sorted([*others, meeting], key=lambda m: (m.starts_at, m.pk or 0))
    if meeting.status != MeetingStatus.CANCELLED:
        problem = sequence_problem([m.kind for m in series if m.status != MeetingStatus.CANCELLED])
        if problem:
            raise ValidationError({"kind": problem})
        if len({m.starts_at for m in series}) != len(series):
            raise ValidationError({"starts_at": "В это же время у пары или группы уже есть встреча."})
    if meeting.status == MeetingStatus.HELD:
        for earlier in series:
            if earlier is meeting:
                break
            if earlier.status == MeetingStatus.PLANNED:
                moment = timezone.localtime(earlier.starts_at)
                raise ValidationError(
                    f"Сначала отметьте, что состоялась встреча «{_label(earlier.kind)}» "
                    f"{moment:%d.%m.%Y %H:%M}, или отмените её."
                )
    elif meeting.status == MeetingStatus.PLANNED:
        later_held = [m for m in series if m.starts_at > meeting.starts_at and m.status == MeetingStatus.HELD]
        if later_held:
            raise ValidationError(
                {
                    "starts_at": "Позже этого времени уже есть проведённые встречи: запланировать встречу "
                    "в прошлом между ними нельзя."
                }
            )


MEETING_FIELDS = {"kind", "starts_at", "duration_minutes", "is_online", "place", "link", "topic", "notes"}
HELD_MEETING_FIELDS = {"place", "link", "topic", "notes", "is_online", "duration_minutes"}


@transaction.atomic
def meeting_save(
    *,
    by: User,
    mentorship: Mentorship,
    meeting: Meeting | None = None,
    held: bool = False,
    attended: Iterable[MenteeProfile] | None = None,
    **fields: object,
) -> Meeting:
    """Plans or records a meeting in the required order. `held` with the mentees who came records it
    as held; the first held meeting turns a formed pair active. Meetings entered by somebody other
    than the mentor are marked as entered by the curator (from paper)."""
    locked = _lock_mentorship(mentorship)
    rights = mentorship_rights(by, locked)
    if not rights.records_meetings:
        raise PermissionDenied("Встречи записывают наставник и куратор.")
    _require_open(locked)
    for name in fields:
        if name not in MEETING_FIELDS:
            raise TypeError(f"unknown meeting field: {name}")
    if meeting is None:
        meeting = Meeting(mentorship=locked, mentor=locked.mentor, recorded_by=by)
        was_held = False
    else:
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, mentorship=locked)
        was_held = meeting.status == MeetingStatus.HELD
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError("Встреча отменена: запланируйте новую.")
    if was_held:
        changed = {name for name, value in fields.items() if getattr(meeting, name) != value}
        if changed - HELD_MEETING_FIELDS:
            raise ValidationError(
                "Встреча уже состоялась: можно изменить место, тему и заметки, но не вид, время и посещение."
            )
    for name, value in fields.items():
        setattr(meeting, name, value)
    if not meeting.is_online:
        meeting.link = ""
    if not rights.is_mentor:
        meeting.entered_by_staff = True
    places = _active_places(locked)
    came: set[int] = set()
    if held and not was_held:
        if meeting.starts_at > timezone.now():
            raise ValidationError({"starts_at": "Встреча ещё не наступила: отметить её проведённой нельзя."})
        came = {mentee.pk for mentee in attended or ()}
        strangers = came - {place.mentee_id for place in places}
        if strangers:
            raise ValidationError("Отмечен наставляемый, которого нет в паре или группе.")
        if not came:
            raise ValidationError(
                "Отметьте, кто из наставляемых присутствовал: встреча без наставляемых не считается "
                "состоявшейся."
            )
        meeting.status = MeetingStatus.HELD
    elif not held and was_held:
        raise ValidationError("Проведённую встречу нельзя вернуть в запланированные.")
    meeting.full_clean(exclude=["mentorship", "mentor", "recorded_by"])
    _check_order(locked, meeting)
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError as error:
        raise ValidationError({"kind": "Такая встреча у пары или группы уже есть."}) from error
    if held and not was_held:
        MeetingAttendance.objects.bulk_create(
            MeetingAttendance(meeting=meeting, mentee_id=place.mentee_id, attended=place.mentee_id in came)
            for place in places
        )
        if locked.status == MentorshipStatus.FORMED:
            locked.status = MentorshipStatus.ACTIVE
            locked.save(update_fields=["status", "updated_at"])
    return meeting


@transaction.atomic
def meeting_cancel(*, by: User, meeting: Meeting) -> Meeting:
    """Cancels a planned meeting, unless the meetings after it would lose their order."""
    if not mentorship_rights(by, meeting.mentorship).records_meetings:
        raise PermissionDenied("Встречи отменяют наставник и куратор.")
    locked = _lock_mentorship(meeting.mentorship)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk, mentorship=locked)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError("Отменить можно только запланированную встречу.")
    remaining = (
        Meeting.objects.filter(mentorship=locked)
        .exclude(status=MeetingStatus.CANCELLED)
        .exclude(pk=meeting.pk)
        .order_by("starts_at", "id")
        .values_list("kind", flat=True)
    )
    problem = sequence_problem(list(remaining))
    if problem:
        raise ValidationError(f"Без этой встречи нарушится порядок следующих. {problem}")
    meeting.status = MeetingStatus.CANCELLED
    meeting.save(update_fields=["status", "updated_at"])
    return meeting


# --- feedback ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExpectedAuthor:
    person: Person
    role: str


def feedback_expected_from(meeting: Meeting) -> list[ExpectedAuthor]:
    """Who owes feedback on a held meeting: its mentor and every mentee who attended."""
    if meeting.status != MeetingStatus.HELD:
        return []
    mentor = MentorProfile.objects.select_related("person").get(pk=meeting.mentor_id)
    expected = [ExpectedAuthor(mentor.person, FeedbackRole.MENTOR)]
    for attendance in (
        MeetingAttendance.objects.filter(meeting=meeting, attended=True)
        .select_related("mentee__person")
        .order_by("id")
    ):
        expected.append(ExpectedAuthor(attendance.mentee.person, FeedbackRole.MENTEE))
    return expected


@transaction.atomic
def feedback_give(
    *,
    by: User,
    meeting: Meeting,
    author: Person,
    usefulness: int,
    comfort: int,
    clarity: int,
    comment: str = "",
) -> Feedback:
    """Feedback of the mentor or of a mentee who attended, after the meeting was held; given by the
    participant themself or entered by a curator from a paper form (marked as such)."""
    rights = mentorship_rights(by, meeting.mentorship)
    is_author = author.user_id is not None and author.user_id == by.pk
    if not is_author and not rights.manage:
        raise PermissionDenied("Обратную связь дают сами участники; куратор вносит её с бумажных анкет.")
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.HELD:
        raise ValidationError("Обратная связь даётся после того, как встреча состоялась.")
    roles = {expected.person.pk: expected.role for expected in feedback_expected_from(meeting)}
    if author.pk not in roles:
        raise ValidationError(
            f"{author} не участвовал(а) во встрече: обратную связь дают наставник и присутствовавшие "
            "наставляемые."
        )
    feedback = Feedback(
        meeting=meeting,
        author=author,
        role=roles[author.pk],
        usefulness=usefulness,
        comfort=comfort,
        clarity=clarity,
        comment=comment,
        recorded_by=by,
        entered_by_staff=not is_author,
    )
    feedback.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as error:
        raise ValidationError(f"Обратная связь участника {author} об этой встрече уже есть.") from error
    return feedback


def work_settings_for(organization: Organization) -> WorkSettings:
    """The organization's settings, or the defaults (unsaved) when it has none."""
    return WorkSettings.objects.filter(organization=organization).first() or WorkSettings(
        organization=organization
    )


@transaction.atomic
def work_settings_save(
    *, by: User, organization: Organization, feedback_reminder_days: int, quiet_days: int
) -> WorkSettings:
    if not can_run_programs_of(by, organization):
        raise PermissionDenied("Настройки меняют куратор и руководитель организации.")
    settings_row = WorkSettings.objects.select_for_update().filter(organization=organization).first()
    settings_row = settings_row or WorkSettings(organization=organization)
    settings_row.feedback_reminder_days = feedback_reminder_days
    settings_row.quiet_days = quiet_days
    settings_row.full_clean()
    settings_row.save()
    return settings_row


@dataclass(frozen=True)
class SentReminder:
    meeting: Meeting
    person: Person
    email: str


# Feedback on meetings older than this is not reminded about any more (the curator sees it missing).
REMINDER_HORIZON_DAYS = 60


def feedback_reminders_send(
    *, now: datetime.datetime | None = None, dry_run: bool = False
) -> list[SentReminder]:
    """Reminds everybody who owes feedback on a meeting held longer ago than their organization's
    delay: once per person and meeting, in the app (their personal page) and by e-mail when the
    person or their account has an address. Safe to run as often as wanted."""
    now = now or timezone.now()
    delays = dict(WorkSettings.objects.values_list("organization_id", "feedback_reminder_days"))
    meetings = (
        Meeting.objects.filter(
            status=MeetingStatus.HELD,
            starts_at__lte=now - datetime.timedelta(days=1),
            starts_at__gte=now - datetime.timedelta(days=REMINDER_HORIZON_DAYS),
        )
        .select_related("mentorship", "mentor__person__user")
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=MeetingAttendance.objects.filter(attended=True).select_related(
                    "mentee__person__user"
                ),
            ),
            "feedback",
            "reminders",
        )
        .order_by("starts_at", "id")
    )
    sent: list[SentReminder] = []
    for meeting in meetings:
        delay = delays.get(meeting.mentorship.organization_id, DEFAULT_FEEDBACK_REMINDER_DAYS)
        if meeting.starts_at > now - datetime.timedelta(days=delay):
            continue
        given = {feedback.author_id for feedback in meeting.feedback.all()}
        reminded = {reminder.person_id for reminder in meeting.reminders.all()}
        owing = [meeting.mentor.person] + [a.mentee.person for a in meeting.attendances.all()]
        for person in owing:
            if person.pk in given or person.pk in reminded:
                continue
            email = person.email or (person.user.email if person.user else "")
            sent.append(SentReminder(meeting=meeting, person=person, email=email))
            if dry_run:
                continue
            with transaction.atomic():
                _, created = FeedbackReminder.objects.get_or_create(
                    meeting=meeting, person=person, defaults={"emailed": bool(email)}
                )
            if created and email:
                moment = timezone.localtime(meeting.starts_at)
                send_mail(
                    "Наставничество: оцените встречу",
                    f"Здравствуйте, {person.first_name}!\n\n"
                    f"{moment:%d.%m.%Y} состоялась встреча «{meeting.get_kind_display()}». "
                    "Оцените её, пожалуйста: откройте в системе «Наставничество» раздел «Мои встречи» "
                    "и заполните короткую анкету (три оценки от 1 до 10 и комментарий).\n\n"
                    "Это письмо отправлено автоматически.",
                    None,
                    [email],
                )
    return sent


# --- concerns -------------------------------------------------------------------------------------


@transaction.atomic
def concern_raise(*, by: User, mentorship: Mentorship, kind: str, text: str) -> Concern:
    """A participant (or the curator) signals a problem; only the head and curator will read it."""
    rights = mentorship_rights(by, mentorship)
    if not rights.raises_concerns:
        raise PermissionDenied("Сообщить о проблеме могут участники пары или группы и куратор.")
    concern = Concern(mentorship=mentorship, kind=kind, text=text.strip(), raised_by=by)
    concern.full_clean()
    concern.save()
    return concern


@transaction.atomic
def concern_resolve(*, by: User, concern: Concern, resolution: str) -> Concern:
    if not can_resolve_concern(by, concern):
        raise PermissionDenied("Сигналы о проблемах разбирают куратор и руководитель организации.")
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.is_resolved:
        raise ValidationError("Этот сигнал уже разобран.")
    if not resolution.strip():
        raise ValidationError({"resolution": "Опишите, как решена проблема."})
    concern.is_resolved = True
    concern.resolved_at = timezone.now()
    concern.resolved_by = by
    concern.resolution = resolution.strip()
    concern.full_clean()
    concern.save()
    return concern


# --- completion: reflection, closing event, results -------------------------------------------------


def final_meeting_held(mentorship: Mentorship) -> bool:
    return Meeting.objects.filter(
        mentorship=mentorship, kind=MeetingKind.FINAL, status=MeetingStatus.HELD
    ).exists()


def mentorship_participants(mentorship: Mentorship) -> list[Person]:
    """The people who reflect on a pair's work: its mentor and the mentees still in it (all of its
    mentees once it is closed)."""
    people = [MentorProfile.objects.select_related("person").get(pk=mentorship.mentor_id).person]
    places = MentorshipMentee.objects.filter(mentorship=mentorship).select_related("mentee__person")
    if mentorship.is_open:
        places = places.filter(is_active=True)
    people += [place.mentee.person for place in places.order_by("id")]
    return people


REFLECTION_FIELDS = {"achievements", "difficulties", "next_steps", "wants_to_mentor"}


@transaction.atomic
def reflection_save(
    *, by: User, mentorship: Mentorship, kind: str, author: Person | None = None, **fields: object
) -> Reflection:
    """A participant's personal reflection (by themself or entered by the curator) or the group's
    common one (by the mentor or the curator), after the final meeting; saving again changes it."""
    rights = mentorship_rights(by, mentorship)
    if not final_meeting_held(mentorship):
        raise ValidationError("Рефлексия пишется после итоговой встречи.")
    if mentorship.status == MentorshipStatus.ENDED_EARLY:
        raise ValidationError("Пара или группа прекратила работу досрочно.")
    if kind == ReflectionKind.GROUP:
        if not (rights.manage or rights.is_mentor):
            raise PermissionDenied("Групповую рефлексию записывают наставник и куратор.")
        author = None
        entered_by_staff = not rights.is_mentor
    else:
        if author is None or author.pk not in {p.pk for p in mentorship_participants(mentorship)}:
            raise ValidationError("Личную рефлексию пишут наставник и наставляемые этой пары или группы.")
        is_author = author.user_id is not None and author.user_id == by.pk
        if not is_author and not rights.manage:
            raise PermissionDenied("Личную рефлексию пишет сам участник или куратор с его слов.")
        entered_by_staff = not is_author
    reflection = Reflection.objects.select_for_update().filter(
        mentorship=mentorship, kind=kind, author=author
    ).first() or Reflection(mentorship=mentorship, kind=kind, author=author)
    for name, value in fields.items():
        if name not in REFLECTION_FIELDS:
            raise TypeError(f"unknown reflection field: {name}")
        setattr(reflection, name, value)
    if kind == ReflectionKind.GROUP:
        reflection.wants_to_mentor = False
    reflection.recorded_by = by
    reflection.entered_by_staff = entered_by_staff
    reflection.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            reflection.save()
    except IntegrityError as error:
        raise ValidationError("Эта рефлексия уже записана.") from error
    return reflection


CLOSING_PHOTO_KINDS = (JPEG, PNG)
CLOSING_PHOTO_MAX_BYTES = 10 * MEGABYTE


@transaction.atomic
def closing_event_create(
    *,
    by: User,
    program: Program,
    title: str,
    held_on: datetime.date,
    link: str = "",
    photo: UploadedFile | None = None,
) -> ClosingEvent:
    """The open public event that closes the program's cycle, with a link to a publication or a photo."""
    if not can_run_programs_of(by, program.organization):
        raise PermissionDenied("Итоговое мероприятие добавляют куратор и руководитель организации.")
    if not link and photo is None:
        raise ValidationError({"link": "Укажите ссылку на публикацию или загрузите фото."})
    event = ClosingEvent(program=program, title=title, held_on=held_on, link=link, created_by=by)
    if photo is not None:
        try:
            validate_upload(photo, kinds=CLOSING_PHOTO_KINDS, max_bytes=CLOSING_PHOTO_MAX_BYTES)
        except ValidationError as error:
            raise ValidationError({"photo": error.messages}) from error
    event.full_clean(exclude=["photo"])
    if photo is not None:
        event.photo.save(photo.name or "photo.jpg", photo, save=False)
    event.save()
    return event


def feedback_missing_count(mentorship: Mentorship) -> int:
    """How many feedback forms the held meetings of a pair still expect."""
    expected = Meeting.objects.filter(mentorship=mentorship, status=MeetingStatus.HELD).count()
    expected += MeetingAttendance.objects.filter(
        meeting__mentorship=mentorship, meeting__status=MeetingStatus.HELD, attended=True
    ).count()
    given = Feedback.objects.filter(meeting__mentorship=mentorship).count()
    return max(expected - given, 0)


@transaction.atomic
def mentorship_complete(
    *,
    by: User,
    mentorship: Mentorship,
    results: str,
    continues_next_cycle: bool = False,
    closing_event: ClosingEvent | None = None,
    invite_to_mentor_base: Iterable[MentorshipMentee] = (),
    ended_on: datetime.date | None = None,
) -> Mentorship:
    """Completes a pair or group after its final meeting with complete feedback: results, the closing
    event, the continuation offer; every mentee leaves, the mentor gets the places back, and invited
    mentees join the mentor base (as former mentees)."""
    _require_manager(by, mentorship)
    locked = _lock_mentorship(mentorship)
    _require_open(locked)
    if not final_meeting_held(locked):
        raise ValidationError("Завершить работу можно после итоговой встречи.")
    missing = feedback_missing_count(locked)
    if missing:
        raise ValidationError(
            f"Не собрана обратная связь: не хватает анкет — {missing}. Попросите участников заполнить "
            "их или внесите с бумажных анкет."
        )
    if not results.strip():
        raise ValidationError({"results": "Опишите результаты работы."})
    if closing_event is not None and closing_event.program_id != locked.program_id:
        raise ValidationError({"closing_event": "Мероприятие относится к другой программе."})
    day = ended_on or timezone.localdate()
    last_meeting = (
        Meeting.objects.filter(mentorship=locked, status=MeetingStatus.HELD)
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    if last_meeting is not None and day < timezone.localtime(last_meeting).date():
        raise ValidationError({"ended_on": "Дата завершения раньше итоговой встречи."})
    places = _active_places(locked)
    invited = {place.pk for place in invite_to_mentor_base}
    if invited - {place.pk for place in places}:
        raise ValidationError("Пригласить в базу наставников можно только наставляемых этой пары или группы.")
    locked.status = MentorshipStatus.COMPLETED
    locked.ended_on = day
    locked.results = results.strip()
    locked.continues_next_cycle = continues_next_cycle
    locked.closing_event = closing_event
    locked.full_clean()
    locked.save()
    _cancel_planned_meetings(locked)
    _leave(places, day, "Работа завершена.")
    _release_places(locked.mentor, len(places))
    for place in places:
        if place.pk in invited:
            place.offered_mentor_base = True
            place.save(update_fields=["offered_mentor_base"])
            mentor_profile_save(by=by, person=place.mentee.person, was_mentee=True)
    return locked


# --- communities of mentors -------------------------------------------------------------------------

COMMUNITY_FIELDS = {"title", "description", "is_active"}


@transaction.atomic
def community_create(
    *, by: User, municipality_id: int, organization: Organization | None, title: str, description: str = ""
) -> Community:
    municipalities, organizations = community_owners_for(by)
    if organization is None:
        allowed = municipalities.filter(pk=municipality_id).exists()
    else:
        allowed = organizations.filter(pk=organization.pk).exists()
        municipality_id = organization.municipality_id
    if not allowed:
        raise PermissionDenied(
            "Муниципальные сообщества создаёт управление образования, сообщества организации — её "
            "куратор и руководитель."
        )
    community = Community(
        municipality_id=municipality_id,
        organization=organization,
        title=title,
        description=description,
        created_by=by,
    )
    community.full_clean()
    community.save()
    return community


def _require_community_keeper(by: User, community: Community) -> None:
    if not can_keep_community(by, community):
        raise PermissionDenied("Сообщество ведут управление образования или куратор организации.")


@transaction.atomic
def community_update(*, by: User, community: Community, **fields: object) -> Community:
    _require_community_keeper(by, community)
    for name, value in fields.items():
        if name not in COMMUNITY_FIELDS:
            raise TypeError(f"unknown community field: {name}")
        setattr(community, name, value)
    community.full_clean()
    community.save()
    return community


@transaction.atomic
def community_member_add(
    *, by: User, community: Community, person: Person, role: str, joined_on: datetime.date | None = None
) -> CommunityMember:
    _require_community_keeper(by, community)
    if not people_joinable_to_community(community).filter(pk=person.pk).exists():
        raise ValidationError({"person": "В сообщество входят наставники из базы наставников."})
    member = CommunityMember(
        community=community, person=person, role=role, joined_on=joined_on or timezone.localdate()
    )
    member.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        raise ValidationError({"person": f"{person} уже в сообществе."}) from error
    return member


@transaction.atomic
def community_member_remove(*, by: User, member: CommunityMember) -> None:
    _require_community_keeper(by, member.community)
    member.delete()


@transaction.atomic
def community_event_add(
    *,
    by: User,
    community: Community,
    title: str,
    starts_at: datetime.datetime,
    place: str = "",
    link: str = "",
    description: str = "",
) -> CommunityEvent:
    if not can_share_in_community(by, community):
        raise PermissionDenied("Мероприятия объявляют ведущие и участники сообщества.")
    event = CommunityEvent(
        community=community,
        title=title,
        starts_at=starts_at,
        place=place,
        link=link,
        description=description,
        created_by=by,
    )
    event.full_clean()
    event.save()
    return event


@transaction.atomic
def community_event_delete(*, by: User, event: CommunityEvent) -> None:
    if not (can_keep_community(by, event.community) or event.created_by_id == by.pk):
        raise PermissionDenied("Удалить мероприятие может ведущий сообщества или тот, кто его добавил.")
    event.delete()


@transaction.atomic
def community_material_add(
    *,
    by: User,
    community: Community,
    title: str = "",
    library_material: Material | None = None,
    link: str = "",
    description: str = "",
) -> CommunityMaterial:
    if not can_share_in_community(by, community):
        raise PermissionDenied("Материалами делятся ведущие и участники сообщества.")
    if (
        library_material is not None
        and not library_materials_for_community(by, community).filter(pk=library_material.pk).exists()
    ):
        raise ValidationError(
            {"library_material": "Этот материал библиотеки не виден всем участникам сообщества."}
        )
    material = CommunityMaterial(
        community=community,
        title=title or (library_material.title if library_material else ""),
        library_material=library_material,
        link=link,
        description=description,
        added_by=by,
    )
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def community_material_delete(*, by: User, material: CommunityMaterial) -> None:
    if not (can_keep_community(by, material.community) or material.added_by_id == by.pk):
        raise PermissionDenied("Удалить материал может ведущий сообщества или тот, кто им поделился.")
    material.delete()


@transaction.atomic
def mentorship_complete_with_event(
    *,
    by: User,
    mentorship: Mentorship,
    results: str,
    continues_next_cycle: bool = False,
    closing_event: ClosingEvent | None = None,
    new_event: dict[str, object] | None = None,
    invite_to_mentor_base: Iterable[MentorshipMentee] = (),
    ended_on: datetime.date | None = None,
) -> Mentorship:
    """The completion page in one step: a new closing event (title, date, link or photo), if one is
    described, and the completion itself; nothing is saved if either is refused."""
    if new_event is not None:
        photo = new_event.get("photo")
        closing_event = closing_event_create(
            by=by,
            program=mentorship.program,
            title=str(new_event["title"]),
            held_on=new_event["held_on"],  # type: ignore[arg-type]
            link=str(new_event.get("link") or ""),
            photo=photo if isinstance(photo, UploadedFile) else None,
        )
    return mentorship_complete(
        by=by,
        mentorship=mentorship,
        results=results,
        continues_next_cycle=continues_next_cycle,
        closing_event=closing_event,
        invite_to_mentor_base=invite_to_mentor_base,
        ended_on=ended_on,
    )

"""Rows of the access matrix for the mentorship pages (merged by common/tests/test_access_matrix.py).

The mentor and mentee personas are linked to pupils of the school (Person.user) who form a pair
there; a municipal community of mentors holds the mentor persona as a member."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.utils import timezone

from mentoring.mentorships import services
from mentoring.mentorships.models import Community, CommunityMember, MeetingKind, Mentorship
from mentoring.mentorships.tests.factories import (
    days_ago,
    hold,
    make_mentee,
    make_mentor,
    make_pair,
    make_program,
    meeting_fields,
)

PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def _pair(world: Any) -> Mentorship:
    """A pair of the school: the mentor persona mentors the mentee persona."""
    mentor = make_mentor(world.school, user=world.mentor)
    mentee = make_mentee(world.school, user=world.mentee)
    return make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee])


def _community(world: Any) -> Community:
    community = services.community_create(
        by=world.department_admin,
        municipality_id=world.municipality.pk,
        organization=None,
        title="Муниципальное сообщество наставников",
    )
    mentor = make_mentor(world.school, user=world.mentor)
    CommunityMember.objects.create(community=community, person=mentor.person, joined_on=timezone.localdate())
    return community


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    def named(*names: str) -> frozenset[str]:
        return frozenset(names)

    everyone = sets["EVERYONE"]
    runners = named("superuser", "department_admin", "head", "curator")
    runners_anywhere = runners | named("foreign_department_admin", "other_curator", "foreign_curator")
    own_school = runners | named("methodologist", "mentor", "mentee")
    outsiders = everyone - own_school
    overseers = runners_anywhere | named("methodologist")

    def manager_row(kwargs: Any, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        return Row(
            kwargs=kwargs,
            method=method,
            data=data or {},
            ok=runners,
            forbidden=named("methodologist", "mentor", "mentee"),
            notfound=outsiders,
        )

    def mentor_row(kwargs: Any, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        """Pages for the mentor and the managers (plan, meetings); the mentee reads only."""
        return Row(
            kwargs=kwargs,
            method=method,
            data=data or {},
            ok=runners | named("mentor"),
            forbidden=named("methodologist", "mentee"),
            notfound=outsiders,
        )

    def participant_row(kwargs: Any) -> Any:
        return Row(
            kwargs=kwargs,
            ok=runners | named("mentor", "mentee"),
            forbidden=named("methodologist"),
            notfound=outsiders,
        )

    def pair_pk(world: Any) -> dict[str, Any]:
        return {"pk": _pair(world).pk}

    def group_place_pk(world: Any) -> dict[str, Any]:
        pair = _pair(world)
        services.mentorship_add_mentee(mentorship=pair, mentee=make_mentee(world.school), by=world.curator)
        return {"pk": pair.participants.get(mentee__person__user=world.mentee).pk}

    def plan_item_pk(world: Any) -> dict[str, Any]:
        item = services.plan_item_save(by=world.curator, mentorship=_pair(world), title="Подтянуть дроби")
        return {"pk": item.pk}

    def planned_meeting_pk(world: Any) -> dict[str, Any]:
        meeting = services.meeting_save(
            by=world.curator, mentorship=_pair(world), **meeting_fields(MeetingKind.INTRO, days_ago(-3))
        )
        return {"pk": meeting.pk}

    def held_meeting_pk(world: Any) -> dict[str, Any]:
        return {"pk": hold(_pair(world), MeetingKind.INTRO, by=world.curator, when=days_ago(2)).pk}

    def concern_pk(world: Any) -> dict[str, Any]:
        concern = services.concern_raise(
            by=world.curator,
            mentorship=_pair(world),
            kind="conflict",
            text="Наставляемый пропускает встречи.",
        )
        return {"pk": concern.pk}

    def closing_event_pk(world: Any) -> dict[str, Any]:
        pair = _pair(world)
        photo = ContentFile(PNG_BYTES, name="festival.png")
        event = services.closing_event_create(
            by=world.curator,
            program=pair.program,
            title="Фестиваль наставничества",
            held_on=timezone.localdate(),
            photo=photo,  # type: ignore[arg-type]
        )
        Mentorship.objects.filter(pk=pair.pk).update(closing_event=event)
        return {"pk": event.pk}

    def school_pk(world: Any) -> dict[str, Any]:
        make_program(world.school)
        return {"pk": world.school.pk}

    def community_pk(world: Any) -> dict[str, Any]:
        return {"pk": _community(world).pk}

    def member_pk(world: Any) -> dict[str, Any]:
        return {"pk": _community(world).members.get().pk}

    def event_pk(world: Any) -> dict[str, Any]:
        event = services.community_event_add(
            by=world.department_admin,
            community=_community(world),
            title="Семинар наставников",
            starts_at=days_ago(-10),
        )
        return {"pk": event.pk}

    def material_pk(world: Any) -> dict[str, Any]:
        material = services.community_material_add(
            by=world.department_admin,
            community=_community(world),
            title="Памятка наставнику",
            link="https://example.ru/pamyatka",
        )
        return {"pk": material.pk}

    community_readers = named(
        "superuser", "department_admin", "methodologist", "head", "curator", "mentor", "partner_representative",
        "other_curator",
    )  # fmt: skip
    community_keepers = named("superuser", "department_admin", "methodologist")
    community_outsiders = everyone - community_readers

    def keeper_row(kwargs: Any, method: str = "GET", data: dict[str, str] | None = None) -> Any:
        return Row(
            kwargs=kwargs,
            method=method,
            data=data or {},
            ok=community_keepers,
            forbidden=community_readers - community_keepers,
            notfound=community_outsiders,
        )

    def sharer_row(kwargs: Any) -> Any:
        sharers = community_keepers | named("mentor")
        return Row(
            kwargs=kwargs, ok=sharers, forbidden=community_readers - sharers, notfound=community_outsiders
        )

    return {
        "mentorships:list": Row(ok=everyone),
        "mentorships:create": Row(ok=runners_anywhere, forbidden=everyone - runners_anywhere),
        "mentorships:overview": Row(ok=overseers, forbidden=everyone - overseers),
        "mentorships:settings": Row(
            kwargs=school_pk,
            method="POST",
            data={"feedback_reminder_days": "3", "quiet_days": "14"},
            ok=runners,
            forbidden=named("methodologist"),
            notfound=everyone - runners - named("methodologist"),
        ),
        "mentorships:my": Row(ok=everyone),
        "mentorships:my_calendar": Row(ok=everyone),
        # Read by somebody outside the pair (the school's staff, the department), the card is logged.
        "mentorships:detail": Row(
            kwargs=pair_pk, ok=own_school, notfound=outsiders, audit=own_school - named("mentor", "mentee")
        ),
        "mentorships:end_early": manager_row(pair_pk),
        "mentorships:replace_mentor": manager_row(pair_pk),
        "mentorships:add_mentee": manager_row(pair_pk),
        "mentorships:remove_mentee": manager_row(
            group_place_pk, "POST", {"reason": "Перевёлся в другую школу"}
        ),
        "mentorships:complete": manager_row(pair_pk),
        "mentorships:plan_add": mentor_row(pair_pk),
        "mentorships:plan_edit": mentor_row(plan_item_pk),
        "mentorships:plan_delete": mentor_row(plan_item_pk, "POST"),
        "mentorships:meeting_add": mentor_row(pair_pk),
        "mentorships:meeting_edit": mentor_row(planned_meeting_pk),
        "mentorships:meeting_cancel": mentor_row(planned_meeting_pk, "POST"),
        "mentorships:feedback": participant_row(held_meeting_pk),
        "mentorships:concern_add": participant_row(pair_pk),
        "mentorships:concern_resolve": Row(
            kwargs=concern_pk,
            method="POST",
            data={"resolution": "Поговорили с семьёй, встречи возобновились."},
            ok=named("superuser", "head", "curator"),
            notfound=everyone - named("superuser", "head", "curator"),
        ),
        "mentorships:reflection": participant_row(pair_pk),
        "mentorships:closing_photo": Row(kwargs=closing_event_pk, ok=own_school, notfound=outsiders),
        "mentorships:community_list": Row(ok=everyone),
        "mentorships:community_create": Row(ok=overseers, forbidden=everyone - overseers),
        "mentorships:community_detail": Row(
            kwargs=community_pk, ok=community_readers, notfound=community_outsiders
        ),
        "mentorships:community_edit": keeper_row(community_pk),
        "mentorships:member_add": keeper_row(community_pk, "POST", {"role": "member"}),
        "mentorships:member_remove": keeper_row(member_pk, "POST"),
        "mentorships:event_add": sharer_row(community_pk),
        "mentorships:material_add": sharer_row(community_pk),
        "mentorships:event_delete": keeper_row(event_pk, "POST"),
        "mentorships:material_delete": keeper_row(material_pk, "POST"),
    }

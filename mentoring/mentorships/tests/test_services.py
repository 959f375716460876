"""The rules of forming and changing pairs and groups: capacity, one active place per program, leaving,
mentor replacement, ending early and completion — each bad case refused with nothing saved."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.mentorships import services
from mentoring.mentorships.models import (
    MeetingKind,
    MeetingStatus,
    MentorReplacement,
    Mentorship,
    MentorshipMentee,
    MentorshipStatus,
    ReplacementSide,
)
from mentoring.mentorships.tests.factories import (
    SEQUENCE,
    days_ago,
    give_all_feedback,
    hold,
    make_mentee,
    make_mentor,
    make_pair,
    make_program,
    meeting_fields,
    walk,
)
from mentoring.people.models import MenteeStatus, MentorProfile


def _counter(mentor: MentorProfile) -> int:
    return MentorProfile.objects.get(pk=mentor.pk).active_mentees


def test_forming_a_pair_takes_a_place_of_the_mentor_and_the_mentee_slot(world):
    mentor = make_mentor(world.school, capacity=2)
    mentee = make_mentee(world.school)
    pair = make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee])
    assert pair.status == MentorshipStatus.FORMED
    assert _counter(mentor) == 1
    mentee.refresh_from_db()
    assert mentee.status == MenteeStatus.IN_MENTORSHIP


def test_a_mentor_beyond_capacity_is_refused_and_nothing_is_saved(world):
    mentor = make_mentor(world.school, capacity=1)
    program = make_program(world.school)
    make_pair(world.school, by=world.curator, mentor=mentor, program=program)
    with pytest.raises(ValidationError, match="свободно мест: 0"):
        make_pair(world.school, by=world.curator, mentor=mentor, program=program)
    assert Mentorship.objects.count() == 1
    assert _counter(mentor) == 1


def test_the_database_refuses_a_counter_above_capacity_even_without_the_service(world):
    mentor = make_mentor(world.school, capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorProfile.objects.filter(pk=mentor.pk).update(active_mentees=2)


def test_a_mentee_may_hold_only_one_active_place_per_program(world):
    program = make_program(world.school)
    mentee = make_mentee(world.school)
    make_pair(world.school, by=world.curator, program=program, mentees=[mentee])
    other_mentor = make_mentor(world.school)
    with pytest.raises(ValidationError, match="уже состоит в паре или группе"):
        make_pair(world.school, by=world.curator, program=program, mentor=other_mentor, mentees=[mentee])
    assert Mentorship.objects.count() == 1
    # The mentor's place taken before the refusal was rolled back with the rest.
    assert _counter(other_mentor) == 0


def test_the_database_refuses_a_second_active_place_in_a_program(world):
    program = make_program(world.school)
    mentee = make_mentee(world.school)
    pair = make_pair(world.school, by=world.curator, program=program, mentees=[mentee])
    with pytest.raises(IntegrityError), transaction.atomic():
        MentorshipMentee.objects.create(
            mentorship=pair, mentee=mentee, program=program, joined_on=timezone.localdate()
        )


def test_a_mentee_may_work_in_two_different_programs(world):
    mentee = make_mentee(world.school)
    make_pair(world.school, by=world.curator, mentees=[mentee])
    make_pair(world.school, by=world.curator, mentees=[mentee])
    assert MentorshipMentee.objects.filter(mentee=mentee, is_active=True).count() == 2


def test_only_the_organizations_runners_form_pairs(world):
    with pytest.raises(PermissionDenied):
        make_pair(world.school, by=world.mentor)
    with pytest.raises(PermissionDenied):
        make_pair(world.school, by=world.other_curator)
    assert not Mentorship.objects.exists()


def test_hand_forming_records_the_order_number_and_refuses_half_an_order(world):
    program = make_program(world.school)
    mentee = make_mentee(world.school)
    pair = services.mentorship_create_by_hand(
        program=program,
        mentor=make_mentor(world.school),
        mentees=[mentee],
        by=world.curator,
        order_number="45-од",
        order_date=datetime.date(2026, 9, 14),
    )
    assert (pair.order_number, pair.order_date) == ("45-од", datetime.date(2026, 9, 14))
    with pytest.raises(ValidationError, match="и номер, и дату"):
        services.mentorship_create_by_hand(
            program=program,
            mentor=make_mentor(world.school),
            mentees=[make_mentee(world.school)],
            by=world.curator,
            order_number="46-од",
        )
    assert Mentorship.objects.count() == 1


def test_adding_a_mentee_makes_a_group_and_respects_the_group_size(world):
    program = make_program(world.school, max_group_size=2)
    mentor = make_mentor(world.school, capacity=3)
    pair = make_pair(world.school, by=world.curator, mentor=mentor, program=program)
    services.mentorship_add_mentee(mentorship=pair, mentee=make_mentee(world.school), by=world.curator)
    assert pair.kind_label == "Группа"
    assert _counter(mentor) == 2
    extra = make_mentee(world.school)
    with pytest.raises(ValidationError, match="группа уже полная"):
        services.mentorship_add_mentee(mentorship=pair, mentee=extra, by=world.curator)
    assert _counter(mentor) == 2
    assert not MentorshipMentee.objects.filter(mentee=extra).exists()


def test_adding_a_mentee_to_a_full_mentor_is_refused(world):
    mentor = make_mentor(world.school, capacity=1)
    pair = make_pair(world.school, by=world.curator, mentor=mentor)
    extra = make_mentee(world.school)
    with pytest.raises(ValidationError, match="свободно мест: 0"):
        services.mentorship_add_mentee(mentorship=pair, mentee=extra, by=world.curator)
    assert not MentorshipMentee.objects.filter(mentee=extra).exists()


def test_adding_a_mentee_checks_the_rules_of_the_pair(world):
    pair = make_pair(world.school, by=world.curator)
    foreign = make_mentee(world.other_school)
    with pytest.raises(ValidationError, match="другой организации"):
        services.mentorship_add_mentee(mentorship=pair, mentee=foreign, by=world.curator)


def test_a_mentee_leaving_a_group_gives_the_mentor_the_place_back(world):
    mentor = make_mentor(world.school, capacity=2)
    first, second = make_mentee(world.school), make_mentee(world.school)
    group = make_pair(world.school, by=world.curator, mentor=mentor, mentees=[first, second])
    place = group.participants.get(mentee=second)
    services.mentorship_remove_mentee(place=place, by=world.curator, reason="Перешёл в другую школу")
    place.refresh_from_db()
    assert not place.is_active
    assert place.left_on == timezone.localdate()
    assert _counter(mentor) == 1
    second.refresh_from_db()
    assert second.status == MenteeStatus.WAITING
    # The last mentee cannot leave: the pair is ended instead.
    with pytest.raises(ValidationError, match="последний наставляемый"):
        services.mentorship_remove_mentee(
            place=group.participants.get(mentee=first), by=world.curator, reason="Болезнь"
        )
    assert _counter(mentor) == 1


def test_ending_early_needs_a_reason_and_frees_every_place(world):
    mentor = make_mentor(world.school, capacity=3)
    mentees = [make_mentee(world.school), make_mentee(world.school)]
    group = make_pair(world.school, by=world.curator, mentor=mentor, mentees=mentees)
    services.meeting_save(
        by=world.curator, mentorship=group, **meeting_fields(MeetingKind.INTRO, days_ago(-3))
    )
    with pytest.raises(ValidationError):
        services.mentorship_end_early(mentorship=group, by=world.curator, reason="  ")
    assert _counter(mentor) == 2
    services.mentorship_end_early(
        mentorship=group, by=world.curator, reason="Конфликт, наставляемые в других парах"
    )
    group.refresh_from_db()
    assert group.status == MentorshipStatus.ENDED_EARLY
    assert group.ended_on == timezone.localdate()
    assert _counter(mentor) == 0
    assert not group.participants.filter(is_active=True).exists()
    assert set(group.meetings.values_list("status", flat=True)) == {MeetingStatus.CANCELLED}
    with pytest.raises(ValidationError, match="прекращена досрочно"):
        services.mentorship_end_early(mentorship=group, by=world.curator, reason="ещё раз")
    assert _counter(mentor) == 0


def test_replacing_the_mentor_moves_the_places_and_keeps_the_history(world):
    old, new = make_mentor(world.school, capacity=2), make_mentor(world.school, capacity=2)
    pair = make_pair(world.school, by=world.curator, mentor=old)
    intro = hold(pair, MeetingKind.INTRO, by=world.curator, when=days_ago(10))
    planned = services.meeting_save(
        by=world.curator, mentorship=pair, **meeting_fields(MeetingKind.TRIAL, days_ago(-2))
    )
    record = services.mentorship_replace_mentor(
        mentorship=pair,
        new_mentor=new,
        by=world.curator,
        requested_by=ReplacementSide.MENTEE,
        reason="Не сложилось общение",
    )
    pair.refresh_from_db()
    assert pair.mentor == new
    assert (_counter(old), _counter(new)) == (0, 1)
    assert (record.old_mentor, record.new_mentor, record.requested_by) == (old, new, "mentee")
    intro.refresh_from_db()
    planned.refresh_from_db()
    assert intro.mentor == old  # a held meeting keeps the mentor who led it
    assert planned.mentor == new
    assert pair.history.filter(mentor_id=old.pk).exists()


def test_a_replacement_to_a_full_or_unsuitable_mentor_is_refused_and_nothing_moves(world):
    old, full = make_mentor(world.school), make_mentor(world.school, capacity=1)
    make_pair(world.school, by=world.curator, mentor=full)
    pair = make_pair(world.school, by=world.curator, mentor=old)
    with pytest.raises(ValidationError, match="свободно мест: 0"):
        services.mentorship_replace_mentor(
            mentorship=pair, new_mentor=full, by=world.curator, requested_by="mentor", reason="Переезд"
        )
    foreign = make_mentor(world.other_school)
    with pytest.raises(ValidationError, match="другой организации"):
        services.mentorship_replace_mentor(
            mentorship=pair, new_mentor=foreign, by=world.curator, requested_by="mentor", reason="Переезд"
        )
    pair.refresh_from_db()
    assert pair.mentor == old
    assert (_counter(old), _counter(full), _counter(foreign)) == (1, 1, 0)
    assert not MentorReplacement.objects.exists()


def test_completion_needs_the_final_meeting_and_complete_feedback(world):
    mentor = make_mentor(world.school)
    mentee = make_mentee(world.school)
    pair = make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee])
    meetings = walk(pair, SEQUENCE[:4], by=world.curator)
    with pytest.raises(ValidationError, match="после итоговой встречи"):
        services.mentorship_complete(by=world.curator, mentorship=pair, results="Подтянул математику")
    meetings.append(hold(pair, MeetingKind.FINAL, by=world.curator, when=days_ago(2)))
    with pytest.raises(ValidationError, match="Не собрана обратная связь"):
        services.mentorship_complete(by=world.curator, mentorship=pair, results="Подтянул математику")
    for meeting in meetings:
        give_all_feedback(meeting, by=world.curator)
    place = pair.participants.get()
    services.mentorship_complete(
        by=world.curator,
        mentorship=pair,
        results="Оценка по математике выросла с 3 до 4.",
        continues_next_cycle=True,
        invite_to_mentor_base=[place],
    )
    pair.refresh_from_db()
    place.refresh_from_db()
    assert pair.status == MentorshipStatus.COMPLETED
    assert pair.continues_next_cycle
    assert not place.is_active
    assert place.offered_mentor_base
    assert _counter(mentor) == 0
    assert MentorProfile.objects.get(person=mentee.person).was_mentee


def test_a_closing_event_needs_a_link_or_a_photo(world):
    program = make_program(world.school)
    with pytest.raises(ValidationError):
        services.closing_event_create(
            by=world.curator, program=program, title="Фестиваль наставничества", held_on=timezone.localdate()
        )
    event = services.closing_event_create(
        by=world.curator,
        program=program,
        title="Фестиваль наставничества",
        held_on=timezone.localdate(),
        link="https://school.example.ru/news/festival",
    )
    assert event.pk

"""The meeting sequence and the feedback rule: every bad case refused with an explanation and nothing
saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mentoring.mentorships import services
from mentoring.mentorships.models import (
    Feedback,
    Meeting,
    MeetingKind,
    MeetingStatus,
    MentorshipStatus,
)
from mentoring.mentorships.services import sequence_problem
from mentoring.mentorships.tests.factories import (
    SEQUENCE,
    days_ago,
    hold,
    make_mentee,
    make_mentor,
    make_pair,
    meeting_fields,
    person_for,
    walk,
)

INTRO, TRIAL, PLAN, WORK, FINAL = SEQUENCE


@pytest.mark.parametrize(
    "kinds",
    [
        [],
        [INTRO],
        [INTRO, TRIAL],
        [INTRO, TRIAL, PLAN],
        [INTRO, TRIAL, PLAN, FINAL],
        [INTRO, TRIAL, PLAN, WORK],
        [INTRO, TRIAL, PLAN, WORK, WORK, WORK, FINAL],
    ],
    ids=lambda kinds: "-".join(kinds) or "none",
)
def test_the_required_order_is_accepted(kinds):
    assert sequence_problem(kinds) is None


@pytest.mark.parametrize(
    ("kinds", "explanation"),
    [
        ([TRIAL], "Первой должна быть «встреча-знакомство»"),
        ([WORK], "Первой должна быть «встреча-знакомство»"),
        ([INTRO, PLAN], "После встречи «встреча-знакомство» идёт «пробная встреча»"),
        ([INTRO, TRIAL, WORK], "После встречи «пробная встреча» идёт «встреча-планирование»"),
        ([INTRO, INTRO], "После встречи «встреча-знакомство» идёт «пробная встреча»"),
        ([INTRO, TRIAL, PLAN, WORK, FINAL, WORK], "Итоговая встреча закрыла последовательность"),
        ([INTRO, TRIAL, PLAN, FINAL, FINAL], "Итоговая встреча закрыла последовательность"),
    ],
)
def test_an_out_of_order_series_is_explained(kinds, explanation):
    problem = sequence_problem(kinds)
    assert problem is not None
    assert explanation in problem


@pytest.fixture
def pair(world):
    mentor = make_mentor(world.school, user=world.mentor)
    mentee = make_mentee(world.school, user=world.mentee)
    return make_pair(world.school, by=world.curator, mentor=mentor, mentees=[mentee])


def test_a_mentor_records_the_first_meeting_and_the_pair_becomes_active(pair, world):
    meeting = hold(pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(3))
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACTIVE
    assert meeting.status == MeetingStatus.HELD
    assert not meeting.entered_by_staff
    assert meeting.attendances.get().attended


def test_a_planned_meeting_does_not_activate_the_pair(pair, world):
    services.meeting_save(by=world.mentor, mentorship=pair, **meeting_fields(MeetingKind.INTRO, days_ago(-2)))
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.FORMED


def test_a_meeting_out_of_order_is_refused_with_an_explanation_and_not_saved(pair, world):
    with pytest.raises(ValidationError) as refused:
        hold(pair, MeetingKind.PLANNING, by=world.mentor, when=days_ago(3))
    assert "Первой должна быть «встреча-знакомство»" in " ".join(refused.value.messages)
    assert not Meeting.objects.exists()
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.FORMED


def test_a_meeting_slipped_in_before_earlier_ones_is_refused(pair, world):
    walk(pair, [INTRO, TRIAL], by=world.mentor, first_days_ago=20)
    with pytest.raises(ValidationError, match="не по порядку"):
        # A planning meeting dated before the trial one would break the order in time.
        hold(pair, MeetingKind.PLANNING, by=world.mentor, when=days_ago(30))
    assert Meeting.objects.count() == 2


def test_nothing_comes_after_the_final_meeting(pair, world):
    walk(pair, [INTRO, TRIAL, PLAN, WORK, FINAL], by=world.mentor)
    with pytest.raises(ValidationError, match="закрыла последовательность"):
        hold(pair, MeetingKind.WORK, by=world.mentor, when=days_ago(1))
    assert Meeting.objects.count() == 5


def test_a_meeting_in_the_future_cannot_be_marked_held(pair, world):
    with pytest.raises(ValidationError, match="ещё не наступила"):
        hold(pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(-1))
    assert not Meeting.objects.exists()


def test_a_held_meeting_needs_somebody_present(pair, world):
    with pytest.raises(ValidationError, match="присутствовал"):
        hold(pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(2), attended=[])
    assert not Meeting.objects.exists()


def test_a_planned_earlier_meeting_must_be_held_before_a_later_one(pair, world):
    services.meeting_save(by=world.mentor, mentorship=pair, **meeting_fields(MeetingKind.INTRO, days_ago(5)))
    services.meeting_save(by=world.mentor, mentorship=pair, **meeting_fields(MeetingKind.TRIAL, days_ago(2)))
    trial = Meeting.objects.get(kind=MeetingKind.TRIAL)
    with pytest.raises(
        ValidationError, match="Сначала отметьте, что состоялась встреча «встреча-знакомство»"
    ):
        services.meeting_save(
            by=world.mentor,
            mentorship=pair,
            meeting=trial,
            held=True,
            attended=[pair.participants.get().mentee],
            **meeting_fields(MeetingKind.TRIAL, trial.starts_at),
        )
    trial.refresh_from_db()
    assert trial.status == MeetingStatus.PLANNED


def test_cancelling_a_meeting_that_later_ones_depend_on_is_refused(pair, world):
    services.meeting_save(by=world.mentor, mentorship=pair, **meeting_fields(MeetingKind.INTRO, days_ago(-2)))
    services.meeting_save(by=world.mentor, mentorship=pair, **meeting_fields(MeetingKind.TRIAL, days_ago(-9)))
    intro = Meeting.objects.get(kind=MeetingKind.INTRO)
    with pytest.raises(ValidationError, match="нарушится порядок"):
        services.meeting_cancel(by=world.mentor, meeting=intro)
    intro.refresh_from_db()
    assert intro.status == MeetingStatus.PLANNED
    services.meeting_cancel(by=world.mentor, meeting=Meeting.objects.get(kind=MeetingKind.TRIAL))
    services.meeting_cancel(by=world.mentor, meeting=intro)
    assert set(Meeting.objects.values_list("status", flat=True)) == {MeetingStatus.CANCELLED}


def test_a_held_meeting_keeps_its_kind_and_time(pair, world):
    intro = hold(pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(3))
    with pytest.raises(ValidationError, match="уже состоялась"):
        services.meeting_save(
            by=world.mentor,
            mentorship=pair,
            meeting=intro,
            held=True,
            **meeting_fields(MeetingKind.INTRO, days_ago(4)),
        )
    updated = services.meeting_save(
        by=world.mentor,
        mentorship=pair,
        meeting=intro,
        held=True,
        **meeting_fields(MeetingKind.INTRO, intro.starts_at, notes="Договорились о правилах"),
    )
    assert updated.notes == "Договорились о правилах"


def test_a_curator_records_a_meeting_on_behalf_and_it_is_marked(pair, world):
    meeting = hold(pair, MeetingKind.INTRO, by=world.curator, when=days_ago(3))
    assert meeting.entered_by_staff
    assert meeting.recorded_by == world.curator


def test_a_mentee_and_outsiders_do_not_record_meetings(pair, world):
    for user in (world.mentee, world.other_curator, world.methodologist):
        with pytest.raises(PermissionDenied):
            hold(pair, MeetingKind.INTRO, by=user, when=days_ago(3))
    assert not Meeting.objects.exists()


# --- feedback ------------------------------------------------------------------------------------


def test_feedback_is_expected_from_the_mentor_and_every_mentee_who_came(world):
    mentor = make_mentor(world.school, user=world.mentor, capacity=3)
    came, absent = make_mentee(world.school, user=world.mentee), make_mentee(world.school)
    group = make_pair(world.school, by=world.curator, mentor=mentor, mentees=[came, absent])
    meeting = hold(group, MeetingKind.INTRO, by=world.mentor, when=days_ago(2), attended=[came])
    expected = {e.person.pk: e.role for e in services.feedback_expected_from(meeting)}
    assert expected == {mentor.person.pk: "mentor", came.person.pk: "mentee"}

    services.feedback_give(
        by=world.mentor, meeting=meeting, author=mentor.person, usefulness=9, comfort=8, clarity=7
    )
    services.feedback_give(
        by=world.mentee, meeting=meeting, author=came.person, usefulness=6, comfort=10, clarity=5
    )
    assert Feedback.objects.filter(meeting=meeting, entered_by_staff=False).count() == 2

    # The absent mentee is not asked for feedback, and none is accepted from them.
    with pytest.raises(ValidationError, match="не участвовал"):
        services.feedback_give(
            by=world.curator, meeting=meeting, author=absent.person, usefulness=5, comfort=5, clarity=5
        )
    assert Feedback.objects.count() == 2


def test_feedback_before_the_meeting_is_held_is_refused(pair, world):
    planned = services.meeting_save(
        by=world.mentor, mentorship=pair, **meeting_fields(MeetingKind.INTRO, days_ago(-1))
    )
    with pytest.raises(ValidationError, match="после того, как встреча состоялась"):
        services.feedback_give(
            by=world.mentor, meeting=planned, author=pair.mentor.person, usefulness=5, comfort=5, clarity=5
        )
    assert not Feedback.objects.exists()


@pytest.mark.parametrize("ratings", [(0, 5, 5), (5, 11, 5), (5, 5, -1)])
def test_ratings_outside_1_to_10_are_refused(pair, world, ratings):
    meeting = hold(pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(2))
    usefulness, comfort, clarity = ratings
    with pytest.raises(ValidationError):
        services.feedback_give(
            by=world.mentor,
            meeting=meeting,
            author=pair.mentor.person,
            usefulness=usefulness,
            comfort=comfort,
            clarity=clarity,
        )
    assert not Feedback.objects.exists()


def test_feedback_is_given_once(pair, world):
    meeting = hold(pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(2))
    services.feedback_give(
        by=world.mentor, meeting=meeting, author=pair.mentor.person, usefulness=8, comfort=8, clarity=8
    )
    with pytest.raises(ValidationError, match="уже есть"):
        services.feedback_give(
            by=world.mentor, meeting=meeting, author=pair.mentor.person, usefulness=1, comfort=1, clarity=1
        )
    assert Feedback.objects.get().usefulness == 8


def test_nobody_gives_feedback_for_somebody_else_except_the_curator_from_paper(pair, world):
    meeting = hold(pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(2))
    mentee_person = person_for(world.mentee, world.school)
    with pytest.raises(PermissionDenied):
        services.feedback_give(
            by=world.mentor, meeting=meeting, author=mentee_person, usefulness=10, comfort=10, clarity=10
        )
    paper = services.feedback_give(
        by=world.curator, meeting=meeting, author=mentee_person, usefulness=7, comfort=7, clarity=7
    )
    assert paper.entered_by_staff
    assert paper.recorded_by == world.curator

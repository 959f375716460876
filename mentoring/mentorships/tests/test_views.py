"""The pages: forming by hand with the rules explained, recording meetings and feedback through the
forms, the personal page, the curator's overview, the calendar feed; bounded query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.common.models import PersonalDataAccess
from mentoring.mentorships import services
from mentoring.mentorships.models import (
    Feedback,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Mentorship,
    MentorshipStatus,
    WorkSettings,
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
from mentoring.people.models import MentorProfile


@pytest.fixture
def own_pair(world):
    return make_pair(
        world.school,
        by=world.curator,
        mentor=make_mentor(world.school, user=world.mentor),
        mentees=[make_mentee(world.school, user=world.mentee)],
    )


def _meeting_post(kind: str, when: datetime.datetime, *, held: bool, attended=(), **extra):
    local = timezone.localtime(when)
    data = {
        "kind": kind,
        "day": f"{local:%d.%m.%Y}",
        "time": f"{local:%H:%M}",
        "duration_minutes": "45",
        "place": "кабинет 12",
        "topic": "Разбираем дроби",
        "notes": "",
        "attended": [str(mentee.pk) for mentee in attended],
        **extra,
    }
    if held:
        data["held"] = "on"
    return data


# --- forming by hand -----------------------------------------------------------------------------


def test_the_hand_forming_page_explains_every_rule_a_pair_breaks_and_forms_nothing(world, client_for):
    program = make_program(world.school)
    mentor = make_mentor(world.school, capacity=1)
    too_young_mentor_pupil = make_mentee(world.school, grade=10)
    client = client_for(world.curator)
    url = f"{reverse('mentorships:create')}?program={program.pk}"
    page = client.get(url).content.decode()
    assert mentor.person.full_name in page
    assert "свободно 1 из 1" in page
    response = client.post(
        url, {"mentor": str(mentor.pk), "mentees": [str(too_young_mentor_pupil.pk)], "action": "check"}
    )
    page = response.content.decode()
    assert "Что мешает" in page
    assert "наставник должен быть старше хотя бы на 1 кл." in page
    assert not Mentorship.objects.exists()
    # «Сформировать» with the same choice is refused by the service with the same explanation.
    response = client.post(
        url, {"mentor": str(mentor.pk), "mentees": [str(too_young_mentor_pupil.pk)], "action": "create"}
    )
    assert response.status_code == 200
    assert "старше хотя бы на 1 кл." in response.content.decode()
    assert not Mentorship.objects.exists()
    assert MentorProfile.objects.get(pk=mentor.pk).active_mentees == 0


def test_a_curator_forms_a_pair_by_hand_with_an_order_number(world, client_for):
    program = make_program(world.school)
    mentor = make_mentor(world.school)
    mentee = make_mentee(world.school)
    client = client_for(world.curator)
    url = f"{reverse('mentorships:create')}?program={program.pk}"
    checked = client.post(url, {"mentor": str(mentor.pk), "mentees": [str(mentee.pk)], "action": "check"})
    assert "Препятствий нет" in checked.content.decode()
    response = client.post(
        url,
        {
            "mentor": str(mentor.pk),
            "mentees": [str(mentee.pk)],
            "order_number": "112-од",
            "order_date": "14.09.2026",
            "action": "create",
        },
    )
    pair = Mentorship.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mentorships:detail", kwargs={"pk": pair.pk})
    assert pair.order_number == "112-од"
    page = client.get(response["Location"]).content.decode()
    assert "№ 112-од от 14.09.2026" in page
    assert "Первой должна быть встреча-знакомство" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mentees": []}, "Обязательное поле"),
        ({"mentor": "999999"}, "Выберите корректный вариант"),
        ({"started_on": "31.02.2026"}, "Введите правильную дату"),
        ({"order_number": "<b>1</b>", "order_date": "01.09.2026"}, "недопустимы"),
    ],
)
def test_bad_input_on_the_hand_forming_page_saves_nothing(changes, message, world, client_for):
    program = make_program(world.school)
    data = {"mentor": str(make_mentor(world.school).pk), "mentees": [str(make_mentee(world.school).pk)]}
    data.update(changes)
    data["action"] = "create"
    response = client_for(world.curator).post(f"{reverse('mentorships:create')}?program={program.pk}", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Mentorship.objects.exists()


def test_a_program_of_another_school_cannot_be_chosen(world, client_for):
    foreign = make_program(world.other_school)
    response = client_for(world.curator).get(reverse("mentorships:create"), {"program": foreign.pk})
    assert response.status_code == 200
    assert "Выберите корректный вариант" in response.content.decode()


# --- meetings and feedback through the pages ------------------------------------------------------


def test_the_mentor_records_a_meeting_and_is_sent_to_the_feedback_form(own_pair, world, client_for):
    mentee = own_pair.participants.get().mentee
    client = client_for(world.mentor)
    response = client.post(
        reverse("mentorships:meeting_add", kwargs={"pk": own_pair.pk}),
        _meeting_post(MeetingKind.INTRO, days_ago(1), held=True, attended=[mentee]),
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mentorships:feedback", kwargs={"pk": meeting.pk})
    response = client.post(
        response["Location"],
        {"author": str(own_pair.mentor.person.pk), "usefulness": "9", "comfort": "10", "clarity": "8"},
    )
    assert response.status_code == 302
    assert Feedback.objects.get().author == own_pair.mentor.person
    own_pair.refresh_from_db()
    assert own_pair.status == MentorshipStatus.ACTIVE


def test_an_out_of_order_meeting_from_the_form_is_explained_and_not_saved(own_pair, world, client_for):
    response = client_for(world.mentor).post(
        reverse("mentorships:meeting_add", kwargs={"pk": own_pair.pk}),
        _meeting_post(MeetingKind.FINAL, days_ago(1), held=False),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Первой должна быть «встреча-знакомство»" in page or "Выберите корректный вариант" in page
    assert not Meeting.objects.exists()


def test_a_stale_form_with_a_kind_out_of_order_is_refused_by_the_service(own_pair, world, client_for):
    hold(own_pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(9))
    # The edit form of a planned meeting offers every kind: the service still checks the order.
    planned = services.meeting_save(
        by=world.mentor, mentorship=own_pair, **meeting_fields(MeetingKind.TRIAL, days_ago(-2))
    )
    response = client_for(world.mentor).post(
        reverse("mentorships:meeting_edit", kwargs={"pk": planned.pk}),
        _meeting_post(MeetingKind.FINAL, days_ago(-2), held=False),
    )
    assert response.status_code == 200
    assert "После встречи «встреча-знакомство» идёт «пробная встреча»" in response.content.decode()
    planned.refresh_from_db()
    assert planned.kind == MeetingKind.TRIAL


def test_a_mentee_gives_feedback_only_for_themself(own_pair, world, client_for):
    meeting = hold(own_pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(1))
    client = client_for(world.mentee)
    page = client.get(reverse("mentorships:feedback", kwargs={"pk": meeting.pk})).content.decode()
    assert 'type="hidden" name="author"' in page
    # A forged author (the mentor) is not among the choices of the mentee's form.
    response = client.post(
        reverse("mentorships:feedback", kwargs={"pk": meeting.pk}),
        {"author": str(own_pair.mentor.person.pk), "usefulness": "1", "comfort": "1", "clarity": "1"},
    )
    assert response.status_code == 200
    assert not Feedback.objects.exists()


def test_the_curator_enters_paper_feedback_for_each_participant(own_pair, world, client_for):
    meeting = hold(own_pair, MeetingKind.INTRO, by=world.mentor, when=days_ago(1))
    client = client_for(world.curator)
    url = reverse("mentorships:feedback", kwargs={"pk": meeting.pk})
    for person in (own_pair.mentor.person, own_pair.participants.get().mentee.person):
        response = client.post(
            url, {"author": str(person.pk), "usefulness": "7", "comfort": "8", "clarity": "9"}
        )
        assert response.status_code == 302
    assert Feedback.objects.filter(entered_by_staff=True).count() == 2
    assert (
        "обратная связь собрана" in client.get(url).content.decode().lower() or Feedback.objects.count() == 2
    )


# --- personal page, overview, calendar --------------------------------------------------------------


def test_the_personal_page_shows_pairs_next_meetings_owed_feedback_and_tasks(own_pair, world, client_for):
    held = hold(own_pair, MeetingKind.INTRO, by=world.curator, when=days_ago(3))
    services.meeting_save(
        by=world.mentor,
        mentorship=own_pair,
        **meeting_fields(MeetingKind.TRIAL, days_ago(-4), topic="Пробуем"),
    )
    services.plan_item_save(
        by=world.mentor, mentorship=own_pair, title="Решить 10 задач на дроби", due_on=timezone.localdate()
    )
    for user in (world.mentor, world.mentee):
        page = client_for(user).get(reverse("mentorships:my")).content.decode()
        assert "Оцените встречи" in page
        assert reverse("mentorships:feedback", kwargs={"pk": held.pk}) in page
        assert "Пробуем" in page
        assert "Решить 10 задач на дроби" in page
    mentee_page = client_for(world.mentee).get(reverse("mentorships:my")).content.decode()
    assert "Мой наставник" in mentee_page
    assert own_pair.mentor.person.full_name in mentee_page


def test_the_personal_page_of_a_user_without_a_record_explains_itself(world, client_for):
    page = client_for(world.head).get(reverse("mentorships:my")).content.decode()
    assert "не связана с записью" in page


def test_the_personal_page_makes_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    mentor = make_mentor(world.school, user=world.mentor, capacity=5)
    program = make_program(world.school, max_group_size=5)
    for _ in range(2):
        pair = make_pair(world.school, by=world.curator, mentor=mentor, program=program)
        walk(pair, SEQUENCE[:3], by=world.curator)
        services.plan_item_save(by=world.curator, mentorship=pair, title="Задача")
    client = client_for(world.mentor)
    client.get(reverse("mentorships:my"))
    with django_assert_max_num_queries(18):
        client.get(reverse("mentorships:my"))
    for _ in range(3):
        pair = make_pair(world.school, by=world.curator, mentor=mentor, program=make_program(world.school))
        walk(pair, SEQUENCE[:4], by=world.curator)
    with django_assert_max_num_queries(18):
        response = client.get(reverse("mentorships:my"))
    assert response.status_code == 200


def test_list_and_card_make_a_bounded_number_of_queries(world, client_for, django_assert_max_num_queries):
    program = make_program(world.school)
    for _ in range(3):
        pair = make_pair(world.school, by=world.curator, program=program)
        for meeting in walk(pair, SEQUENCE[:3], by=world.curator):
            give_all_feedback(meeting, by=world.curator)
    client = client_for(world.curator)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("mentorships:list")).status_code == 200
    for _ in range(5):
        make_pair(world.school, by=world.curator, program=program)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("mentorships:list")).status_code == 200
    with django_assert_max_num_queries(26):
        assert client.get(reverse("mentorships:detail", kwargs={"pk": pair.pk})).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(reverse("mentorships:overview")).status_code == 200


def test_viewing_a_pair_by_staff_is_written_to_the_personal_data_log(own_pair, world, client_for):
    client_for(world.curator).get(reverse("mentorships:detail", kwargs={"pk": own_pair.pk}))
    client_for(world.mentor).get(reverse("mentorships:detail", kwargs={"pk": own_pair.pk}))
    events = PersonalDataAccess.objects.filter(object_type="mentorship", object_id=own_pair.pk)
    assert list(events.values_list("user_id", flat=True)) == [world.curator.pk]


def test_the_overview_shows_quiet_pairs_and_feedback_completeness(world, client_for):
    program = make_program(world.school)
    quiet = make_pair(world.school, by=world.curator, program=program)
    hold(quiet, MeetingKind.INTRO, by=world.curator, when=days_ago(40))
    busy = make_pair(world.school, by=world.curator, program=program)
    meeting = hold(busy, MeetingKind.INTRO, by=world.curator, when=days_ago(3))
    give_all_feedback(meeting, by=world.curator)
    client = client_for(world.curator)
    page = client.get(reverse("mentorships:overview")).content.decode()
    assert "Без встреч дольше 21 дня" in page
    assert quiet.mentor.person.full_name in page.split("Обратная связь по парам")[0]
    assert busy.mentor.person.full_name not in page.split("Обратная связь по парам")[0]
    assert "2 из 4" in page  # two forms given of four expected
    # The curator changes the threshold: now the busy pair is not quiet and the quiet one still is.
    response = client.post(
        reverse("mentorships:settings", kwargs={"pk": world.school.pk}),
        {"feedback_reminder_days": "3", "quiet_days": "50"},
    )
    assert response.status_code == 302
    assert WorkSettings.objects.get(organization=world.school).quiet_days == 50
    page = client.get(reverse("mentorships:overview")).content.decode()
    assert quiet.mentor.person.full_name not in page.split("Обратная связь по парам")[0]


def test_bad_settings_are_refused_with_a_message(world, client_for):
    client = client_for(world.curator)
    client.post(
        reverse("mentorships:settings", kwargs={"pk": world.school.pk}),
        {"feedback_reminder_days": "0", "quiet_days": "abc"},
    )
    assert not WorkSettings.objects.exists()


def test_the_calendar_feed_is_valid_icalendar_with_the_users_meetings(own_pair, world, client_for):
    services.meeting_save(
        by=world.mentor,
        mentorship=own_pair,
        **meeting_fields(MeetingKind.INTRO, days_ago(-3), topic="Знакомство, правила и планы"),
    )
    hold_other = make_pair(world.school, by=world.curator)
    services.meeting_save(
        by=world.curator,
        mentorship=hold_other,
        **meeting_fields(MeetingKind.INTRO, days_ago(-3), topic="Чужая"),
    )
    for user in (world.mentor, world.mentee):
        response = client_for(user).get(reverse("mentorships:my_calendar"))
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        body = response.content.decode("utf-8")
        assert body.startswith("BEGIN:VCALENDAR\r\n")
        assert body.endswith("END:VCALENDAR\r\n")
        assert body.count("BEGIN:VEVENT") == 1
        unfolded = body.replace("\r\n ", "")
        assert "Знакомство\\, правила и планы" in unfolded
        assert "Чужая" not in unfolded
        assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_cancelled_and_other_pairs_meetings_stay_out_of_the_calendar(own_pair, world, client_for):
    meeting = services.meeting_save(
        by=world.mentor, mentorship=own_pair, **meeting_fields(MeetingKind.INTRO, days_ago(-3))
    )
    services.meeting_cancel(by=world.mentor, meeting=meeting)
    body = client_for(world.mentor).get(reverse("mentorships:my_calendar")).content.decode()
    assert "BEGIN:VEVENT" not in body
    assert Meeting.objects.get().status == MeetingStatus.CANCELLED

"""The arithmetic of results.py on hand-made answers where every figure is known in advance."""

import datetime

import pytest
from django.utils import timezone

from mentoring.mentorships.tests.factories import make_pair, make_program
from mentoring.people.tests.factories import PersonFactory
from mentoring.programs.tests.factories import default_form
from mentoring.surveys.models import Audience, Purpose, Question, SurveyInvitation
from mentoring.surveys.results import (
    growth_summary,
    measure_changes,
    questionnaire_summary,
    response_rates,
    satisfaction_by_person,
)
from mentoring.surveys.tests.factories import bare_round, questionnaire, respond

pytestmark = pytest.mark.django_db

MEASURES = [("motivational", "m1"), ("competency", "c1"), ("professional", "p1")]


def _ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def district(world):
    """Program A of the school (a pair: mentee P1 with mentor P3, and mentee P2 without a pair on
    record), program B of the other school (P5). Entry and exit questionnaires share codes m1, c1, p1."""
    entry = questionnaire(
        municipality_id=world.municipality.pk, purpose=Purpose.ENTRY, measures=MEASURES, with_items=False
    )
    exit_ = questionnaire(
        municipality_id=world.municipality.pk, purpose=Purpose.EXIT, measures=MEASURES, with_items=False
    )
    Question.objects.filter(questionnaire=exit_, measure_code="m1").update(text="Интерес к учёбе (итог)")
    program_a = make_program(world.school, title="Программа А")
    program_b = make_program(world.other_school, title="Программа Б", form=default_form("teacher-teacher"))
    pair = make_pair(world.school, by=world.curator, program=program_a)
    p1, p3 = pair.participants.get().mentee.person, pair.mentor.person
    p2 = PersonFactory(organization=world.school)
    p4 = PersonFactory(organization=world.school)
    p5 = PersonFactory(organization=world.other_school)
    rounds = {
        (program_a, "entry"): bare_round(program_a, entry),
        (program_a, "entry again"): bare_round(program_a, entry),
        (program_a, "exit"): bare_round(program_a, exit_),
        (program_b, "entry"): bare_round(program_b, entry),
        (program_b, "exit"): bare_round(program_b, exit_),
    }
    by = world.curator

    def answer(program, purpose, person, role, numbers, days, mentorship=None):
        return respond(
            rounds[(program, purpose)],
            person,
            role=role,
            by=by,
            numbers=numbers,
            when=_ago(days),
            mentorship=mentorship,
        )

    answer(program_a, "entry", p1, "mentee", {"m1": 4, "c1": 5, "p1": 6}, 200, pair)
    answer(program_a, "exit", p1, "mentee", {"m1": 7, "c1": 5, "p1": 8}, 10, pair)
    # P2 answered the entry twice: the later one (m1 only) counts; c1 has no "before" and is left out.
    answer(program_a, "entry", p2, "mentee", {"m1": 6, "c1": 6}, 210)
    answer(program_a, "entry again", p2, "mentee", {"m1": 2}, 190)
    answer(program_a, "exit", p2, "mentee", {"m1": 8, "c1": 9}, 5)
    answer(program_a, "entry", p3, "mentor", {"m1": 5}, 200, pair)
    answer(program_a, "exit", p3, "mentor", {"m1": 6}, 100, pair)
    answer(program_a, "entry", p4, "mentee", {"m1": 1}, 200)
    answer(program_b, "entry", p5, "mentee", {"m1": 3}, 200)
    answer(program_b, "exit", p5, "mentee", {"m1": 3}, 3)
    return {"a": program_a, "b": program_b, "pair": pair, "p1": p1, "p2": p2, "p3": p3, "p5": p5}


def test_each_participant_with_entry_and_exit_gets_the_change_per_measure(world, district):
    changes = measure_changes(municipality_id=world.municipality.pk)
    got = sorted((c.person_id, c.role, c.measure_code, c.before, c.after, c.change) for c in changes)
    p1, p2, p3, p5 = (district[k].pk for k in ("p1", "p2", "p3", "p5"))
    assert got == sorted(
        [
            (p1, "mentee", "c1", 5, 5, 0),
            (p1, "mentee", "m1", 4, 7, 3),
            (p1, "mentee", "p1", 6, 8, 2),
            (p2, "mentee", "m1", 2, 8, 6),
            (p3, "mentor", "m1", 5, 6, 1),
            (p5, "mentee", "m1", 3, 3, 0),
        ]
    )
    first = next(c for c in changes if c.person_id == p1 and c.measure_code == "m1")
    assert first.measure_label == "Интерес к учёбе (итог)"
    assert first.mentorship_id == district["pair"].pk
    assert first.program_id == district["a"].pk
    assert first.organization_id == world.school.pk
    assert first.form_id == default_form("pupil-pupil").pk
    assert first.measure_group == "motivational"


def test_the_period_limits_the_exit_answers_and_the_filters_limit_programs_and_organizations(world, district):
    today = timezone.localdate()
    recent = measure_changes(
        municipality_id=world.municipality.pk, start=today - datetime.timedelta(days=30), end=today
    )
    assert district["p3"].pk not in {c.person_id for c in recent}
    only_b = measure_changes(municipality_id=world.municipality.pk, program_ids=[district["b"].pk])
    assert {c.person_id for c in only_b} == {district["p5"].pk}
    only_school = measure_changes(municipality_id=world.municipality.pk, organization_ids=[world.school.pk])
    assert district["p5"].pk not in {c.person_id for c in only_school}
    assert measure_changes(municipality_id=world.other_municipality.pk) == []


def test_growth_is_averaged_by_program_and_by_municipality(world, district):
    changes = measure_changes(municipality_id=world.municipality.pk)
    by_program = {(row.label, row.measure_group): row for row in growth_summary(changes, by="program")}
    motivational = by_program[("Программа А", "motivational")]
    assert (motivational.participants, motivational.before, motivational.after, motivational.change) == (
        3,
        3.67,
        7.0,
        3.33,
    )
    competency = by_program[("Программа А", "competency")]
    assert (competency.participants, competency.before, competency.after, competency.change) == (
        1,
        5.0,
        5.0,
        0.0,
    )
    assert by_program[("Программа А", "professional")].change == 2.0
    assert by_program[("Программа Б", "motivational")].change == 0.0
    (municipal,) = [
        row for row in growth_summary(changes, by="municipality") if row.measure_group == "motivational"
    ]
    assert municipal.key is None
    assert municipal.label == world.municipality.name
    assert (municipal.participants, municipal.before, municipal.after, municipal.change) == (4, 3.5, 6.0, 2.5)


def test_growth_by_mentorship_form_and_organization_names_its_keys(world, district):
    changes = measure_changes(municipality_id=world.municipality.pk)
    by_pair = {(row.key, row.measure_group): row for row in growth_summary(changes, by="mentorship")}
    pair_row = by_pair[(district["pair"].pk, "motivational")]
    assert pair_row.label == f"Пара или группа № {district['pair'].pk}"
    assert (pair_row.participants, pair_row.change) == (2, 2.0)  # P1 (+3) and the mentor P3 (+1)
    assert by_pair[(None, "motivational")].label == "Без пары или группы"
    forms = {row.label for row in growth_summary(changes, by="form")}
    assert forms == {default_form("pupil-pupil").name, default_form("teacher-teacher").name}
    organizations = {row.label for row in growth_summary(changes, by="organization")}
    assert organizations == {world.school.short_name, world.other_school.short_name}
    with pytest.raises(ValueError, match="by must be one of"):
        growth_summary(changes, by="class")
    assert growth_summary([], by="program") == []


def test_satisfaction_is_the_mean_of_the_latest_response_in_the_period(world):
    program = make_program(world.school)
    foreign = make_program(world.foreign_school)
    q = questionnaire(municipality_id=world.municipality.pk)
    Question.objects.create(
        questionnaire=q, position=9, text="Комфортно ли вам?", kind="scale", counts_for_satisfaction=True
    )
    survey_round, later_round = bare_round(program, q), bare_round(program, q)
    foreign_round = bare_round(foreign, q)
    x, y, w = (PersonFactory(organization=world.school) for _ in range(3))
    z = PersonFactory(organization=world.foreign_school)
    respond(survey_round, x, role="mentee", by=world.curator, satisfaction=[2, 4], when=_ago(20))
    respond(later_round, x, role="mentee", by=world.curator, satisfaction=[8, 9], when=_ago(10))
    respond(survey_round, y, role="mentor", by=world.curator, satisfaction=[6, 6], when=_ago(10))
    respond(survey_round, w, role="mentee", by=world.curator, satisfaction=[10, 10], when=_ago(400))
    respond(foreign_round, z, role="mentee", by=world.curator, satisfaction=[1, 1], when=_ago(10))
    today = timezone.localdate()
    year_ago = today - datetime.timedelta(days=365)
    mentees = satisfaction_by_person(
        municipality_id=world.municipality.pk, role="mentee", start=year_ago, end=today
    )
    assert mentees == {x.pk: 8.5}
    mentors = satisfaction_by_person(
        municipality_id=world.municipality.pk, role="mentor", start=year_ago, end=today
    )
    assert mentors == {y.pk: 6.0}
    other = satisfaction_by_person(
        municipality_id=world.municipality.pk,
        role="mentee",
        start=year_ago,
        end=today,
        organization_ids=[world.other_school.pk],
    )
    assert other == {}
    earlier = satisfaction_by_person(
        municipality_id=world.municipality.pk,
        role="mentee",
        start=year_ago,
        end=today - datetime.timedelta(days=15),
    )
    assert earlier == {x.pk: 3.0}


def test_response_rates_count_the_invited_and_those_who_answered_per_round(world):
    program = make_program(world.school)
    q = questionnaire(organization=world.school)
    asked, empty = bare_round(program, q), bare_round(program, q)
    people = [PersonFactory(organization=world.school) for _ in range(3)]
    for person in people:
        SurveyInvitation.objects.create(round=asked, person=person, role=Audience.MENTEE)
    SurveyInvitation.objects.create(round=empty, person=people[0], role=Audience.MENTEE)
    for person in people[:2]:
        respond(asked, person, role="mentee", by=world.curator, satisfaction=[7])
    assert response_rates(program_ids=[program.pk]) == {asked.pk: (2, 3), empty.pk: (0, 1)}
    assert response_rates(program_ids=[]) == {}


def test_the_questionnaire_summary_gives_means_and_option_counts_of_the_period(world):
    program = make_program(world.school)
    q = questionnaire(organization=world.school)
    scale, single, multiple, text = q.questions.order_by("position")
    survey_round = bare_round(program, q)
    from mentoring.surveys.models import Answer

    for number, choice, chosen, comment, days in [
        (6, "Раз в неделю", ["Учёба"], "Хорошо", 5),
        (8, "Раз в неделю", ["Учёба", "Планы"], "", 6),
        (1, "Реже", [], "", 300),  # outside the period
    ]:
        response = respond(
            survey_round,
            PersonFactory(organization=world.school),
            role="mentee",
            by=world.curator,
            when=_ago(days),
        )
        Answer.objects.create(response=response, question=scale, number=number)
        Answer.objects.create(response=response, question=single, choices=[choice])
        if chosen:
            Answer.objects.create(response=response, question=multiple, choices=chosen)
        if comment:
            Answer.objects.create(response=response, question=text, text=comment)
    today = timezone.localdate()
    summary = questionnaire_summary(
        program_id=program.pk, start=today - datetime.timedelta(days=30), end=today
    )
    assert [(s.question_id, s.kind, s.count, s.mean) for s in summary] == [
        (scale.pk, "scale", 2, 7.0),
        (single.pk, "single", 2, None),
        (multiple.pk, "multiple", 2, None),
        (text.pk, "text", 1, None),
    ]
    assert summary[1].option_counts == {"Раз в неделю": 2, "Раз в месяц": 0, "Реже": 0}
    assert summary[2].option_counts == {"Учёба": 2, "Проекты": 0, "Планы": 1}
    assert questionnaire_summary(program_id=program.pk, start=today, end=today) == []

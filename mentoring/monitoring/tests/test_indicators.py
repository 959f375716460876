"""The arithmetic of the target indicators on the hand-made district of factories.build_district, where
every figure is known in advance."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from mentoring.monitoring.indicators import IndicatorValue, indicator_people, indicator_values
from mentoring.monitoring.models import Indicator
from mentoring.monitoring.tests.factories import YEAR, build_district, contingent, take, target

pytestmark = pytest.mark.django_db


def by_code(values: list[IndicatorValue]) -> dict[str, IndicatorValue]:
    return {value.indicator.code: value for value in values}


def figures(value: IndicatorValue) -> tuple[int, int | None, Decimal | None]:
    return value.numerator, value.denominator, value.actual


def test_the_defaults_of_domain_md_are_shipped_as_reference_data():
    indicators = {item.code: item for item in Indicator.objects.all()}
    assert set(indicators) == {"1", "2", "3", "4", "5", "6", "7"}
    assert indicators["1"].legal_basis == "Распоряжение Минпросвещения России от 25.12.2019 № Р-145"
    assert indicators["1"].valid_from == datetime.date(2020, 1, 1)
    assert indicators["5"].threshold == Decimal("7.0")
    assert indicators["1"].threshold is None


def test_municipal_figures_of_the_quarter_are_the_ones_worked_out_by_hand(world):
    district = build_district(world, complete=True)
    take(world.municipality, quarter=4)
    values = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=4))
    assert figures(values["1"]) == (4, 40, Decimal("10.0"))
    assert figures(values["2"]) == (2, 15, Decimal("13.3"))
    assert figures(values["3"]) == (1, 5, Decimal("20.0"))
    assert figures(values["4"]) == (1, 2, Decimal("50.0"))
    assert figures(values["7"]) == (1, 20, Decimal("5.0"))
    assert all(values[code].missing == "" for code in ("1", "2", "3", "4", "7"))
    assert district.do_c.contingents.count() == 1


def test_a_person_in_two_programs_counts_once(world):
    district = build_district(world, complete=True)
    take(world.municipality, quarter=4)
    values = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=4))
    mentors = indicator_people(value=values["2"], organization=None)
    mentees = indicator_people(value=values["1"], organization=None)
    # a1 mentors in two programs, a3 is mentored in two: each is one person in the figures.
    assert sorted(mentors.values_list("last_name", flat=True)) == ["Андреева", "Лебедев"]
    assert list(mentees).count(district.people["a3"]) == 1
    assert sorted(mentees.values_list("last_name", flat=True)) == [
        "Борисов",
        "Васильева",
        "Егоров",
        "Максимова",
    ]


def test_a_pupil_who_turns_ten_within_the_quarter_counts_by_age_on_the_snapshot_date(world):
    district = build_district(world, complete=True)
    take(world.municipality, quarter=3)
    take(world.municipality, quarter=4)
    q3 = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=3))
    q4 = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=4))
    pupil = district.people["a2"]
    assert pupil not in indicator_people(value=q3["1"], organization=None)  # 9 on 30.09.2025
    assert pupil in indicator_people(value=q4["1"], organization=None)  # 10 on 31.12.2025
    # In the 3rd quarter a5 was still in her pair (left 15.09) and a2 was 9.
    assert q3["1"].numerator == 4
    assert sorted(indicator_people(value=q3["1"], organization=None).values_list("last_name", flat=True)) == [
        "Васильева",
        "Данилова",
        "Егоров",
        "Максимова",
    ]


def test_an_organization_without_contingent_makes_the_municipal_value_missing_not_zero(world):
    build_district(world)  # ДО C has not entered its contingent
    take(world.municipality, quarter=4)
    values = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=4))
    first = values["1"]
    assert first.actual is None
    assert first.denominator is None
    assert first.numerator == 4
    assert first.missing == "не внесён контингент за 2025 год: МБУ ДО «Дом творчества»"
    # Indicators that do not rest on the contingent are still computed.
    assert values["4"].actual == Decimal("50.0")


def test_an_organization_sees_its_own_people_and_its_own_contingent(world):
    district = build_district(world)
    take(world.municipality, quarter=4)
    values = by_code(
        indicator_values(
            municipality=world.municipality, year=YEAR, quarter=4, organization=district.school_a
        )
    )
    assert figures(values["1"]) == (3, 20, Decimal("15.0"))
    assert figures(values["2"]) == (1, 8, Decimal("12.5"))
    assert figures(values["3"]) == (1, 4, Decimal("25.0"))
    assert figures(values["4"]) == (1, 2, Decimal("50.0"))
    assert figures(values["7"]) == (1, 10, Decimal("10.0"))
    people = indicator_people(value=values["1"], organization=district.school_a)
    assert {someone.organization_id for someone in people} == {district.school_a.pk}
    partners = indicator_people(value=values["4"], organization=district.school_a)
    assert list(partners) == [district.people["e1"]]


def test_the_contingent_missing_for_an_organization_says_so(world):
    district = build_district(world)
    take(world.municipality, quarter=4)
    values = by_code(
        indicator_values(municipality=world.municipality, year=YEAR, quarter=4, organization=district.do_c)
    )
    assert values["1"].actual is None
    assert values["1"].missing == "не внесён контингент за 2025 год"


def test_the_year_uses_its_latest_snapshot_and_the_targets_of_the_year(world):
    district = build_district(world, complete=True)
    target("1", "70", municipality=world.municipality, by=world.department_admin)
    target(
        "1",
        "35.5",
        municipality=world.municipality,
        by=world.department_admin,
        organization=district.school_a,
    )
    take(world.municipality, quarter=3)
    q4 = take(world.municipality, quarter=4)
    municipal = by_code(indicator_values(municipality=world.municipality, year=YEAR))
    assert municipal["1"].snapshot == q4
    assert municipal["1"].target == Decimal("70")
    assert municipal["1"].actual == Decimal("10.0")
    school = by_code(
        indicator_values(municipality=world.municipality, year=YEAR, organization=district.school_a)
    )
    assert school["1"].target == Decimal("35.5")


def test_without_a_snapshot_the_shares_are_missing_with_the_reason(world):
    build_district(world, complete=True)
    values = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=2))
    assert values["1"].actual is None
    assert values["1"].missing == "нет среза персонифицированного учёта за период"
    assert values["1"].numerator == 0


def test_a_zero_contingent_gives_no_percentage(world):
    district = build_district(world)
    contingent(district.do_c, world.department_admin, YEAR, 0, 0, 0, 0)
    take(world.municipality, quarter=4)
    values = by_code(
        indicator_values(municipality=world.municipality, year=YEAR, quarter=4, organization=district.do_c)
    )
    assert values["1"].actual is None
    assert values["1"].denominator == 0
    assert values["1"].missing == "в контингенте указан ноль"


def test_a_new_version_of_an_indicator_replaces_the_old_one_from_its_start(world):
    build_district(world, complete=True)
    old = Indicator.objects.get(code="1")
    old.valid_until = datetime.date(2025, 6, 30)
    old.save()
    Indicator.objects.create(
        code="1",
        name="Доля обучающихся 10–18 лет — наставляемых (новая редакция)",
        formula=old.formula,
        legal_basis="Распоряжение 1264-р от 21.05.2025",
        computation=old.computation,
        valid_from=datetime.date(2025, 7, 1),
        position=old.position,
    )
    take(world.municipality, quarter=4)
    q4 = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=4))
    assert q4["1"].indicator.legal_basis == "Распоряжение 1264-р от 21.05.2025"
    assert q4["1"].actual == Decimal("10.0")
    q1 = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=1))
    assert q1["1"].indicator == old


def _answers(program, someone, role, numbers, *, by, day=datetime.date(2025, 11, 20)):
    from django.utils import timezone

    from mentoring.surveys.models import Answer, Question, Questionnaire, SurveyResponse, SurveyRound

    questionnaire, _ = Questionnaire.objects.get_or_create(
        municipality=program.organization.municipality,
        title=f"Удовлетворённость ({role})",
        defaults={"purpose": "process", "audience": role},
    )
    questions = list(questionnaire.questions.order_by("position"))
    if not questions:
        questions = [
            Question.objects.create(
                questionnaire=questionnaire,
                position=index,
                text=text,
                kind="scale",
                counts_for_satisfaction=True,
            )
            for index, text in enumerate(
                ["Насколько комфортно работать в паре?", "Насколько полезны встречи?"], 1
            )
        ]
    survey, _ = SurveyRound.objects.get_or_create(
        program=program,
        questionnaire=questionnaire,
        defaults={
            "opens_on": day - datetime.timedelta(days=5),
            "closes_on": day + datetime.timedelta(days=5),
        },
    )
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    response = SurveyResponse.objects.create(
        round=survey, person=someone, role=role, submitted_at=moment, recorded_by=by
    )
    for question, number in zip(questions, numbers, strict=True):
        Answer.objects.create(response=response, question=question, number=number)


def test_satisfaction_is_the_share_of_respondents_whose_mean_reaches_the_threshold(world):
    district = build_district(world, complete=True)
    people, programs = district.people, district.programs
    by = world.curator
    _answers(programs["A1"], people["a2"], "mentee", [8, 9], by=by)  # 8.5: satisfied
    _answers(programs["A1"], people["a3"], "mentee", [5, 6], by=by)  # 5.5: not
    _answers(programs["B1"], people["b2"], "mentee", [7, 7], by=by)  # 7.0: exactly the threshold
    _answers(programs["A1"], people["a1"], "mentor", [10, 9], by=by)
    values = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=4))
    assert figures(values["5"]) == (2, 3, Decimal("66.7"))
    assert figures(values["6"]) == (1, 1, Decimal("100.0"))
    satisfied = indicator_people(value=values["5"], organization=None)
    assert set(satisfied) == {people["a2"], people["b2"]}
    school = by_code(
        indicator_values(
            municipality=world.municipality, year=YEAR, quarter=4, organization=district.school_a
        )
    )
    assert figures(school["5"]) == (1, 2, Decimal("50.0"))
    assert list(indicator_people(value=school["5"], organization=district.school_a)) == [people["a2"]]


def test_satisfaction_without_answers_is_missing_with_the_reason(world):
    build_district(world, complete=True)
    values = by_code(indicator_values(municipality=world.municipality, year=YEAR, quarter=4))
    assert values["5"].actual is None
    assert values["5"].missing == "за период нет ответов на анкеты"

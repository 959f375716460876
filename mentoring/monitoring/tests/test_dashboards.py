"""Dashboards: the charts, the figures on a hand-made district where every number is known, the pages,
their access and their query counts."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from defusedxml import ElementTree
from django.urls import reverse

from mentoring.monitoring import charts, dashboards
from mentoring.monitoring.tests.dashboard_district import QUARTER, YEAR, build_district
from mentoring.organizations.models import OrganizationKind
from mentoring.organizations.tests.factories import OrganizationFactory

PERIOD = f"?year={YEAR}&quarter={QUARTER}"
TODAY = datetime.date(2026, 11, 27)


# --- charts -----------------------------------------------------------------------------------------


def test_a_chart_is_inline_svg_with_its_data_labels_and_nothing_that_runs():
    figure = charts.involvement_chart([("Ученик – ученик", 12, 30), ("<script>alert(1)</script>", 3, 4)])
    svg = charts.figure_svg(figure, label="Вовлечённость")
    root = ElementTree.fromstring(svg)  # well-formed XML on its own: no prolog, no DOCTYPE
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert not svg.startswith("<?xml")
    assert "<!DOCTYPE" not in svg
    assert "<script" not in svg.lower()
    assert not re.search(r"\son[a-z]+=", svg)
    assert "&lt;script&gt;" in svg  # a hostile label is shown as text
    texts = "".join(root.itertext())
    for label in ("Ученик – ученик", "12", "30", "Наставники", "Наставляемые"):
        assert label in texts
    assert 'aria-label="Вовлечённость"' in svg
    # it scales to its container instead of a fixed size in points
    assert "viewBox" in root.attrib
    assert "width" not in root.attrib
    assert "width: 100%" in root.attrib["style"]


def test_two_charts_on_one_page_do_not_share_element_ids():
    first = charts.figure_svg(charts.meetings_chart([("Форма", 3, 5)]), id_prefix="one")
    second = charts.figure_svg(charts.meetings_chart([("Форма", 3, 5)]), id_prefix="two")
    ids = set(re.findall(r'id="([^"]+)"', first)) & set(re.findall(r'id="([^"]+)"', second))
    assert ids == set()
    assert all(ref.startswith("#one-") for ref in re.findall(r"url\((#[^)]+)\)", first))


def test_the_same_chart_goes_to_documents_as_png():
    png = charts.figure_png(
        charts.plan_fact_chart([("1. Доля наставляемых", 12.5, 20.0), ("2. Доля", None, 30.0)])
    )
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 1000


def test_every_chart_draws_with_no_data_and_says_so():
    for figure in (
        charts.involvement_chart([]),
        charts.plan_fact_chart([]),
        charts.dynamics_chart(["I кв."], [("Наставники", [None])]),
        charts.window_chart(0, 0, 0, 0),
        charts.feedback_chart(0, 0),
        charts.growth_chart([]),
    ):
        assert "Нет данных" in charts.figure_svg(figure)


def test_a_missing_indicator_value_is_labelled_not_drawn_as_zero():
    svg = charts.figure_svg(charts.plan_fact_chart([("1. Доля", None, 20.0)]))
    assert "нет данных" in svg


# --- figures -------------------------------------------------------------------------------------------


@pytest.fixture
def district(world):
    return build_district(world)


def _board(district, organization=None, quarter=QUARTER):
    return dashboards.dashboard(
        municipality=district.world.municipality, year=YEAR, quarter=quarter, organization=organization
    )


def test_involvement_counts_distinct_people_by_form_and_role_from_the_newest_snapshot(district):
    board = _board(district, district.world.school)
    assert board.snapshot == district.snapshot
    rows = {row.form: (row.mentors, row.mentees) for row in board.involvement.rows}
    assert rows == {"Ученик – ученик": (1, 2), "Учитель – учитель": (1, 1)}
    # B takes part in two forms but is one person
    assert (board.involvement.mentors, board.involvement.mentees, board.involvement.people) == (2, 2, 4)
    assert board.involvement.mentorships == 3

    whole = _board(district)
    assert (whole.involvement.mentors, whole.involvement.mentees, whole.involvement.mentorships) == (3, 3, 4)
    assert {row.form: (row.mentors, row.mentees) for row in whole.involvement.rows}["Ученик – ученик"] == (
        2,
        3,
    )


def test_quarterly_dynamics_take_each_quarters_snapshot_and_leave_gaps(district):
    points = _board(district).dynamics
    assert [(p.label, p.mentors, p.mentees, p.mentorships) for p in points] == [
        ("I кв.", 1, 1, 1),
        ("II кв.", None, None, None),
        ("III кв.", 3, 3, 4),
        ("IV кв.", None, None, None),
    ]


def test_the_fourteen_day_window_sorts_programs_whose_form_was_chosen_in_the_period(district):
    period = dashboards.period_of(YEAR, QUARTER)
    whole = dashboards.window(district.world.municipality, period, today=TODAY)
    assert (whole.in_time, whole.late, whole.overdue, whole.waiting) == (1, 1, 1, 0)
    assert whole.share == Decimal("33.3")
    school = dashboards.window(district.world.municipality, period, district.world.school, today=TODAY)
    assert (school.in_time, school.late, school.overdue) == (1, 1, 0)
    # on 05.08 the two weeks of P3 (chosen 01.08) have not passed yet
    early = dashboards.window(district.world.municipality, period, today=datetime.date(2026, 8, 5))
    assert (early.overdue, early.waiting) == (0, 1)


def test_meetings_held_against_the_programs_plan(district):
    school = {row.label: (row.held, row.planned) for row in _board(district, district.world.school).meetings}
    assert school == {"Шаг навстречу": (4, 10), "Молодой учитель": (0, 4)}
    whole = _board(district)
    assert {row.label: (row.held, row.planned) for row in whole.meetings} == {
        "Ученик – ученик": (6, 10),
        "Учитель – учитель": (0, 4),
    }
    assert whole.meetings_percent == Decimal("42.9")


def test_feedback_is_complete_when_the_mentor_and_every_mentee_who_came_gave_it(district):
    school = _board(district, district.world.school).feedback
    assert (school.held, school.complete) == (4, 2)
    whole = _board(district).feedback
    assert (whole.held, whole.complete, whole.percent) == (5, 3, Decimal("60.0"))
    year = _board(district, quarter=None).feedback
    assert (year.held, year.complete) == (6, 4)


def test_satisfaction_and_growth_come_from_the_questionnaires(district):
    board = _board(district, district.world.school)
    mentors, mentees = board.satisfaction
    assert (mentors.respondents, mentors.mean, mentors.bands) == (1, Decimal("7.00"), [0, 0, 1, 0])
    assert (mentees.respondents, mentees.mean, mentees.bands) == (2, Decimal("7.00"), [0, 1, 0, 1])
    assert [(g.group, g.participants, g.before, g.after, g.change) for g in board.growth] == [
        ("Мотивационно-личностный рост", 1, 4.0, 7.0, 3.0)
    ]
    assert [g.label for g in board.growth_by] == ["Шаг навстречу"]
    other = _board(district, district.world.other_school)
    assert [s.respondents for s in other.satisfaction] == [0, 0]
    assert other.growth == []


def test_the_plan_and_fact_panel_lists_the_indicators_in_force(district):
    board = _board(district)
    panel = {panel.key: panel for panel in board.panels()}["plan_fact"]
    assert len(panel.table.rows) == len(board.indicators) > 0
    assert "нет данных" in charts.figure_svg(panel.draw()) or board.indicators[0].actual is not None


def test_the_municipal_table_has_a_row_per_organization(district):
    world = district.world
    period = dashboards.period_of(YEAR, QUARTER)
    rows = {
        row.name: row
        for row in dashboards.organization_rows(
            world.municipality,
            period,
            list(dashboards.dashboard_organizations(world.municipality)),
            today=TODAY,
        )
    }
    school, other = rows[world.school.short_name], rows[world.other_school.short_name]
    assert (school.mentors, school.mentees, school.meetings_held, school.meetings_planned) == (2, 2, 4, 14)
    assert (school.window.in_time, school.window.due, school.feedback.complete, school.feedback.held) == (
        1,
        2,
        2,
        4,
    )
    assert (other.mentors, other.mentees, other.meetings_held, other.window.overdue) == (1, 1, 2, 1)
    assert world.department.short_name not in rows  # the department and partners run no programs


# --- pages ------------------------------------------------------------------------------------------------


def test_the_organization_dashboard_shows_charts_and_tables_of_its_own_figures(district, client_for):
    world = district.world
    response = client_for(world.curator).get(
        reverse("monitoring:dashboard_organization", args=[world.school.pk]) + PERIOD
    )
    assert response.status_code == 200
    page = response.content.decode()
    svgs = re.findall(r"<svg\b.*?</svg>", page, re.DOTALL)
    assert len(svgs) == 8
    assert not any("<script" in svg for svg in svgs)
    assert "Шаг навстречу" in page
    assert "Молодой учитель" in page
    assert "Вместе учимся" not in page  # the other school's program
    assert "III квартал 2026 г." in page
    assert (
        reverse("monitoring:report_organization", args=[world.school.pk, "organization_note", "docx"]) in page
    )


def test_the_municipal_dashboard_lists_organizations_with_links_to_their_dashboards(district, client_for):
    world = district.world
    response = client_for(world.methodologist).get(
        reverse("monitoring:dashboard_municipality", args=[world.municipality.pk]) + PERIOD
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert world.school.short_name in page
    assert world.other_school.short_name in page
    assert reverse("monitoring:dashboard_organization", args=[world.other_school.pk]) in page
    # the numerator of an indicator leads to the people behind it
    assert "/indicators/" in page
    assert "/people/" in page
    assert reverse("monitoring:report_templates") not in page  # templates are the administrator's


def test_a_school_sees_only_its_own_dashboard(district, client_for):
    world = district.world
    client = client_for(world.curator)
    assert (
        client.get(reverse("monitoring:dashboard_organization", args=[world.other_school.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("monitoring:dashboard_municipality", args=[world.municipality.pk])).status_code
        == 404
    )
    mentor = client_for(world.mentor)
    assert mentor.get(reverse("monitoring:dashboard_organization", args=[world.school.pk])).status_code == 404


def test_the_dashboard_home_lists_the_dashboards_of_each(world, client_for):
    page = client_for(world.department_admin).get(reverse("monitoring:dashboard_home")).content.decode()
    assert reverse("monitoring:dashboard_municipality", args=[world.municipality.pk]) in page
    page = client_for(world.head).get(reverse("monitoring:dashboard_home")).content.decode()
    assert reverse("monitoring:dashboard_organization", args=[world.school.pk]) in page
    assert reverse("monitoring:dashboard_municipality", args=[world.municipality.pk]) not in page
    assert client_for(world.mentee).get(reverse("monitoring:dashboard_home")).status_code == 404


@pytest.mark.parametrize(
    "query", ["?year=abc&quarter=9", "?year=99999999999999999999", "?quarter=%00", "?year=1900"]
)
def test_a_malformed_period_falls_back_to_this_year_with_a_message(world, client_for, query):
    response = client_for(world.department_admin).get(
        reverse("monitoring:dashboard_municipality", args=[world.municipality.pk]) + query
    )
    assert response.status_code == 200
    assert "Показан текущий год" in response.content.decode()


def _grow(world, count):
    for index in range(count):
        school = OrganizationFactory(
            municipality=world.municipality,
            kind=OrganizationKind.SCHOOL,
            short_name=f"МБОУ СОШ № {100 + index}",
        )
        from mentoring.monitoring.tests.dashboard_district import _pair, _program
        from mentoring.people.tests.factories import PersonFactory

        program = _program(school, f"Программа {index}", "pupil-pupil", datetime.date(2026, 7, 1), None)
        _pair(
            program,
            PersonFactory(organization=school),
            [PersonFactory(organization=school)],
            datetime.date(2026, 7, 5),
        )


def _queries(client, url, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_dashboard_pages_cost_the_same_number_of_queries_for_few_and_many_organizations(
    district, client_for, django_assert_max_num_queries
):
    world = district.world
    client = client_for(world.department_admin)
    municipal = reverse("monitoring:dashboard_municipality", args=[world.municipality.pk]) + PERIOD
    school = reverse("monitoring:dashboard_organization", args=[world.school.pk]) + PERIOD
    few = _queries(client, municipal, django_assert_max_num_queries, 60)
    few_school = _queries(client, school, django_assert_max_num_queries, 60)
    _grow(world, 30)
    many = _queries(client, municipal, django_assert_max_num_queries, 60)
    many_school = _queries(client, school, django_assert_max_num_queries, 60)
    assert many == few
    assert many_school == few_school
    # the list of organizations is paginated
    second = client.get(municipal + "&page=2").content.decode()
    assert "Страница 2 из 2" in second


def test_a_dashboard_opened_again_draws_no_chart_until_its_figures_change(district, client_for, monkeypatch):
    from django.core.cache import cache

    cache.clear()
    drawn = []
    original = charts.figure_svg

    def counting(figure, **kwargs):
        drawn.append(kwargs.get("id_prefix"))
        return original(figure, **kwargs)

    monkeypatch.setattr(charts, "figure_svg", counting)
    world = district.world
    client = client_for(world.department_admin)
    school = reverse("monitoring:dashboard_organization", args=[world.school.pk]) + PERIOD
    first = client.get(school).content.decode()
    assert len(drawn) == 8
    drawn.clear()
    # A colleague opens the same dashboard: the same pictures, none drawn again.
    again = client_for(world.head).get(school).content.decode()
    assert drawn == []
    assert re.findall(r"<svg.*?</svg>", again, re.S) == re.findall(r"<svg.*?</svg>", first, re.S)
    # Another period shows other figures: only the pictures whose figures differ are drawn.
    client.get(reverse("monitoring:dashboard_organization", args=[world.school.pk]) + f"?year={YEAR - 1}")
    assert 0 < len(drawn) <= 8


def test_a_dashboard_keeps_its_figures_for_a_while_and_refreshes_on_request(district, client_for, settings):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DASHBOARD_CACHE_SECONDS = 120
    cache.clear()
    world = district.world
    client = client_for(world.department_admin)
    url = reverse("monitoring:dashboard_municipality", args=[world.municipality.pk]) + PERIOD
    with CaptureQueriesContext(connection) as first:
        page = client.get(url).content.decode()
    assert "Данные на" in page
    assert "обновляются раз в 2 мин." in page
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).status_code == 200
    assert len(again) < len(first) - 10  # the figures came from the cache
    with CaptureQueriesContext(connection) as refreshed:
        assert client.get(url + "&fresh=1").status_code == 200
    assert len(refreshed) == len(first)
    # an organization's dashboard is kept apart from the municipality's
    school = client_for(world.head).get(
        reverse("monitoring:dashboard_organization", args=[world.school.pk]) + PERIOD
    )
    assert world.school.short_name in school.content.decode()

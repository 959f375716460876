"""The figures of a dashboard (issue 9, item 6) for an organization or for a whole municipality, for a
year or one of its quarters.

Every figure is counted in the database (values/annotate/Count/Sum): the number of queries does not
grow with the number of organizations, people or meetings, only the number of rows of the small
per-form and per-organization tables does. Each figure comes as plain data (a `Table`) and a function
that draws it (charts.py), so a page shows it as SVG and a report prints the same picture as PNG.

What is counted, in the words of the page:
- involvement: distinct people of the quarter's register snapshot (the newest taken), by form and role;
- plan and fact: the target indicators (indicators.indicator_values);
- dynamics: the four quarters' snapshots of the year;
- the 14-day window: programs whose form was chosen in the period, by when their pairs were formed;
- meetings: the pairs and groups working in the period — the meetings their program's stages plan and
  the meetings they have held by the end of the period;
- feedback: meetings held in the period with feedback from the mentor and every mentee who came;
- satisfaction and growth: the questionnaires (surveys.results).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.db.models.fields import DateField
from django.utils import timezone
from matplotlib.figure import Figure

from mentoring.mentorships.models import Feedback, Meeting, MeetingAttendance, MeetingStatus, Mentorship
from mentoring.monitoring import charts
from mentoring.monitoring.indicators import IndicatorValue, indicator_values
from mentoring.monitoring.models import RegisterEntry, RegisterRole, RegisterSnapshot
from mentoring.monitoring.register import QUARTER_LABELS, QUARTERS, quarter_bounds, quarter_label
from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.programs.models import PAIR_FORMING_DAYS, Program, ProgramStage
from mentoring.surveys import results
from mentoring.surveys.models import MeasureGroup

DASHBOARD_ORGANIZATION_KINDS = (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY)
SATISFACTION_BANDS = (("1–4", 5.0), ("5–6", 7.0), ("7–8", 9.0), ("9–10", 11.0))


# --- the period ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    year: int
    quarter: int | None
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return quarter_label(self.year, self.quarter) if self.quarter else f"{self.year} год"

    @property
    def dates(self) -> str:
        return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"

    def aware_bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """[start, next day after end) as aware datetimes in the project's time zone."""
        first = timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))
        after = timezone.make_aware(
            datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min)
        )
        return first, after


def period_of(year: int, quarter: int | None = None) -> Period:
    if quarter is None:
        return Period(year, None, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    start, end = quarter_bounds(year, quarter)
    return Period(year, quarter, start, end)


# --- plain data of each figure ------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """A figure as a plain table: shown beside its chart, printed in reports, exported to XLSX."""

    headers: list[str]
    rows: list[list[object]]
    footer: list[object] | None = None


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    table: Table
    # The chart as a drawing function of mentoring.monitoring.charts and its arguments (plain values), so
    # that a drawn picture can be found again by what it shows (charts.cached_svg).
    chart: tuple[Callable[..., Figure], tuple[Any, ...]]
    note: str = ""

    def draw(self) -> Figure:
        function, arguments = self.chart
        return function(*arguments)


@dataclass(frozen=True)
class FormInvolvement:
    form_id: int
    form: str
    mentors: int
    mentees: int


@dataclass(frozen=True)
class Involvement:
    rows: list[FormInvolvement]
    mentors: int  # distinct people, whatever the number of forms they take part in
    mentees: int
    people: int
    mentorships: int


@dataclass(frozen=True)
class QuarterPoint:
    quarter: int
    label: str
    as_of: datetime.date | None
    mentors: int | None
    mentees: int | None
    mentorships: int | None


@dataclass(frozen=True)
class Window:
    in_time: int = 0
    late: int = 0
    overdue: int = 0
    waiting: int = 0

    @property
    def due(self) -> int:
        """Programs whose two weeks are over or whose pairs are formed: the denominator of the share."""
        return self.in_time + self.late + self.overdue

    @property
    def share(self) -> Decimal | None:
        return _percent(self.in_time, self.due)


@dataclass(frozen=True)
class MeetingRow:
    key: int
    label: str
    held: int
    planned: int

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.held, self.planned)


@dataclass(frozen=True)
class FeedbackCompleteness:
    held: int = 0
    complete: int = 0

    @property
    def percent(self) -> Decimal | None:
        return _percent(self.complete, self.held)


@dataclass(frozen=True)
class RoleSatisfaction:
    role: str
    label: str
    respondents: int
    mean: Decimal | None
    bands: list[int]


@dataclass(frozen=True)
class GrowthLine:
    label: str  # the form, program or organization; "" for the whole scope
    group: str  # the measure group's label
    participants: int
    before: float
    after: float
    change: float


@dataclass(frozen=True)
class OrganizationRow:
    organization_id: int
    name: str
    mentors: int
    mentees: int
    window: Window
    meetings_held: int
    meetings_planned: int
    feedback: FeedbackCompleteness

    @property
    def meetings_percent(self) -> Decimal | None:
        return _percent(self.meetings_held, self.meetings_planned)


@dataclass
class Dashboard:
    municipality: Municipality
    organization: Organization | None
    period: Period
    snapshot: RegisterSnapshot | None
    involvement: Involvement
    indicators: list[IndicatorValue] = field(default_factory=list)
    dynamics: list[QuarterPoint] = field(default_factory=list)
    window: Window = field(default_factory=Window)
    meetings: list[MeetingRow] = field(default_factory=list)
    feedback: FeedbackCompleteness = field(default_factory=FeedbackCompleteness)
    satisfaction: list[RoleSatisfaction] = field(default_factory=list)
    growth: list[GrowthLine] = field(default_factory=list)
    growth_by: list[GrowthLine] = field(default_factory=list)
    growth_by_label: str = "Форма"

    @property
    def scope_label(self) -> str:
        return self.organization.short_name if self.organization else self.municipality.name

    @property
    def meetings_held(self) -> int:
        return sum(row.held for row in self.meetings)

    @property
    def meetings_planned(self) -> int:
        return sum(row.planned for row in self.meetings)

    @property
    def meetings_percent(self) -> Decimal | None:
        return _percent(self.meetings_held, self.meetings_planned)

    def panels(self) -> list[Panel]:
        return build_panels(self)


def _percent(part: int, whole: int | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"))


def _mean(values: Sequence[float]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(str(sum(values))) / len(values)).quantize(Decimal("0.01"))


# --- the scope's querysets ----------------------------------------------------------------------


def _entries(snapshot: RegisterSnapshot | None, organization: Organization | None) -> QuerySet[RegisterEntry]:
    if snapshot is None:
        return RegisterEntry.objects.none()
    entries = RegisterEntry.objects.filter(snapshot=snapshot)
    if organization is not None:
        entries = entries.filter(organization=organization)
    return entries.order_by()


def _programs(municipality: Municipality, organization: Organization | None) -> QuerySet[Program]:
    if organization is not None:
        return Program.objects.filter(organization=organization)
    return Program.objects.filter(organization__municipality=municipality)


def _mentorships(municipality: Municipality, organization: Organization | None) -> QuerySet[Mentorship]:
    if organization is not None:
        return Mentorship.objects.filter(organization=organization)
    return Mentorship.objects.filter(organization__municipality=municipality)


def _working(mentorships: QuerySet[Mentorship], period: Period) -> QuerySet[Mentorship]:
    """Pairs and groups that worked at some time in the period."""
    return mentorships.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=period.start), started_on__lte=period.end
    )


# --- the figures ----------------------------------------------------------------------------------


def snapshot_for(municipality: Municipality, period: Period) -> RegisterSnapshot | None:
    """The quarter's current snapshot, or for a year the newest snapshot of its latest quarter."""
    snapshots = RegisterSnapshot.objects.filter(municipality=municipality, year=period.year)
    if period.quarter is not None:
        snapshots = snapshots.filter(quarter=period.quarter)
    return snapshots.order_by("-quarter", "-taken_at", "-id").first()


def involvement(snapshot: RegisterSnapshot | None, organization: Organization | None = None) -> Involvement:
    entries = _entries(snapshot, organization)
    by_form: dict[int, dict[str, object]] = {}
    rows = (
        entries.values("form_id", "form__name", "form__position", "role")
        .annotate(people=Count("person_id", distinct=True))
        .order_by("form__position", "form__name", "form_id")
    )
    for row in rows:
        item = by_form.setdefault(row["form_id"], {"form": row["form__name"], "mentor": 0, "mentee": 0})
        item[row["role"]] = row["people"]
    totals = dict(
        entries.values("role")
        .annotate(people=Count("person_id", distinct=True))
        .values_list("role", "people")
    )
    overall = entries.aggregate(
        people=Count("person_id", distinct=True), mentorships=Count("mentorship_id", distinct=True)
    )
    return Involvement(
        rows=[
            FormInvolvement(form_id, str(item["form"]), int(item["mentor"]), int(item["mentee"]))  # type: ignore[call-overload]
            for form_id, item in by_form.items()
        ],
        mentors=totals.get(RegisterRole.MENTOR, 0),
        mentees=totals.get(RegisterRole.MENTEE, 0),
        people=overall["people"] or 0,
        mentorships=overall["mentorships"] or 0,
    )


def dynamics(
    municipality: Municipality, year: int, organization: Organization | None = None
) -> list[QuarterPoint]:
    """Mentors, mentees and pairs of each quarter's current snapshot: two queries for the four quarters."""
    newest: dict[int, tuple[int, datetime.date]] = {}
    for snapshot_id, quarter, as_of in (
        RegisterSnapshot.objects.filter(municipality=municipality, year=year)
        .order_by("quarter", "-taken_at", "-id")
        .values_list("id", "quarter", "as_of")
    ):
        newest.setdefault(quarter, (snapshot_id, as_of))
    ids = [snapshot_id for snapshot_id, _ in newest.values()]
    entries = RegisterEntry.objects.filter(snapshot_id__in=ids)
    if organization is not None:
        entries = entries.filter(organization=organization)
    counts: dict[tuple[int, str], int] = {}
    pairs: dict[int, int] = {}
    for row in (
        entries.order_by()
        .values("snapshot_id", "role")
        .annotate(people=Count("person_id", distinct=True), pairs=Count("mentorship_id", distinct=True))
    ):
        counts[(row["snapshot_id"], row["role"])] = row["people"]
        if row["role"] == RegisterRole.MENTOR:
            pairs[row["snapshot_id"]] = row["pairs"]
    points = []
    for quarter in QUARTERS:
        if quarter not in newest:
            points.append(QuarterPoint(quarter, f"{QUARTER_LABELS[quarter]} кв.", None, None, None, None))
            continue
        snapshot_id, as_of = newest[quarter]
        points.append(
            QuarterPoint(
                quarter,
                f"{QUARTER_LABELS[quarter]} кв.",
                as_of,
                counts.get((snapshot_id, RegisterRole.MENTOR), 0),
                counts.get((snapshot_id, RegisterRole.MENTEE), 0),
                pairs.get(snapshot_id, 0),
            )
        )
    return points


def _window_counts(today: datetime.date) -> dict[str, Count]:
    formed = Q(pairs_formed_on__isnull=False)
    return {
        "in_time": Count("pk", filter=formed & Q(pairs_formed_on__lte=F("deadline"))),
        "late": Count("pk", filter=formed & Q(pairs_formed_on__gt=F("deadline"))),
        "overdue": Count("pk", filter=Q(pairs_formed_on__isnull=True, deadline__lt=today)),
        "waiting": Count("pk", filter=Q(pairs_formed_on__isnull=True, deadline__gte=today)),
    }


def _chosen_in(programs: QuerySet[Program], period: Period) -> QuerySet[Program]:
    return (
        programs.filter(form_chosen_on__gte=period.start, form_chosen_on__lte=period.end)
        .annotate(
            deadline=ExpressionWrapper(
                F("form_chosen_on") + datetime.timedelta(days=PAIR_FORMING_DAYS), output_field=DateField()
            )
        )
        .order_by()
    )


def window(
    municipality: Municipality,
    period: Period,
    organization: Organization | None = None,
    *,
    today: datetime.date | None = None,
) -> Window:
    today = today or timezone.localdate()
    chosen = _chosen_in(_programs(municipality, organization), period)
    return Window(**chosen.aggregate(**_window_counts(today)))


def _planned_by(working: QuerySet[Mentorship], group: str) -> dict[int, int]:
    """Meetings the programs' stages plan, summed over the working pairs and groups: a stage joined to
    each pair of its program counts once per pair."""
    rows = (
        ProgramStage.objects.filter(program__mentorships__in=working.values("pk"))
        .order_by()
        .values(group)
        .annotate(planned=Sum("planned_meetings"))
    )
    return {row[group]: row["planned"] or 0 for row in rows}


def _held_by(working: QuerySet[Mentorship], period: Period, group: str) -> dict[int, int]:
    _, after = period.aware_bounds()
    rows = (
        Meeting.objects.filter(
            status=MeetingStatus.HELD, mentorship__in=working.values("pk"), starts_at__lt=after
        )
        .order_by()
        .values(group)
        .annotate(held=Count("pk"))
    )
    return {row[group]: row["held"] for row in rows}


def meetings(
    municipality: Municipality, period: Period, organization: Organization | None = None
) -> list[MeetingRow]:
    """Held against planned meetings, by program for an organization and by form for a municipality."""
    working = _working(_mentorships(municipality, organization), period)
    if organization is not None:
        key, label, held_key = "program_id", "program__title", "mentorship__program_id"
    else:
        key, label, held_key = "program__form_id", "program__form__name", "mentorship__program__form_id"
    planned = _planned_by(working, key)
    held = _held_by(working, period, held_key)
    labels = dict(working.order_by().values_list(key, label).distinct())
    return sorted(
        (
            MeetingRow(pk, str(labels.get(pk, "")), held.get(pk, 0), planned.get(pk, 0))
            for pk in set(planned) | set(held) | set(labels)
        ),
        key=lambda row: row.label,
    )


def _held_meetings(mentorships: QuerySet[Mentorship], period: Period) -> QuerySet[Meeting]:
    first, after = period.aware_bounds()
    mentor_gave = Feedback.objects.filter(meeting=OuterRef("pk"), author_id=OuterRef("mentor__person_id"))
    mentee_owes = MeetingAttendance.objects.filter(meeting=OuterRef("pk"), attended=True).filter(
        ~Exists(
            Feedback.objects.filter(meeting=OuterRef("meeting_id"), author_id=OuterRef("mentee__person_id"))
        )
    )
    return (
        Meeting.objects.filter(
            status=MeetingStatus.HELD,
            starts_at__gte=first,
            starts_at__lt=after,
            mentorship__in=mentorships.values("pk"),
        )
        .annotate(mentor_gave=Exists(mentor_gave), mentee_owes=Exists(mentee_owes))
        .order_by()
    )


_COMPLETE = Q(mentor_gave=True, mentee_owes=False)


def feedback_completeness(
    municipality: Municipality, period: Period, organization: Organization | None = None
) -> FeedbackCompleteness:
    counts = _held_meetings(_mentorships(municipality, organization), period).aggregate(
        held=Count("pk"), complete=Count("pk", filter=_COMPLETE)
    )
    return FeedbackCompleteness(held=counts["held"] or 0, complete=counts["complete"] or 0)


def satisfaction(
    municipality: Municipality, period: Period, organization: Organization | None = None
) -> list[RoleSatisfaction]:
    organization_ids = [organization.pk] if organization is not None else None
    figures = []
    for role, label in ((RegisterRole.MENTOR, "Наставники"), (RegisterRole.MENTEE, "Наставляемые")):
        means = list(
            results.satisfaction_by_person(
                municipality_id=municipality.pk,
                role=str(role),
                start=period.start,
                end=period.end,
                organization_ids=organization_ids,
            ).values()
        )
        bands = [0] * len(SATISFACTION_BANDS)
        for value in means:
            for index, (_, below) in enumerate(SATISFACTION_BANDS):
                if value < below:
                    bands[index] += 1
                    break
        figures.append(RoleSatisfaction(str(role), label, len(means), _mean(means), bands))
    return figures


def growth(
    municipality: Municipality, period: Period, organization: Organization | None = None
) -> tuple[list[GrowthLine], list[GrowthLine], str]:
    """The change per measure group for the whole scope, and by program (organization) or by
    organization (municipality)."""
    changes = results.measure_changes(
        municipality_id=municipality.pk,
        organization_ids=[organization.pk] if organization is not None else None,
        start=period.start,
        end=period.end,
    )
    by, by_label = ("program", "Программа") if organization is not None else ("organization", "Организация")

    def lines(rows: Sequence, *, with_label: bool) -> list[GrowthLine]:
        groups = dict(MeasureGroup.choices)
        return [
            GrowthLine(
                label=row.label if with_label else "",
                group=str(groups.get(row.measure_group, row.measure_group)),
                participants=row.participants,
                before=row.before,
                after=row.after,
                change=row.change,
            )
            for row in rows
        ]

    order = {value: index for index, value in enumerate(MeasureGroup.values)}
    whole = sorted(
        results.growth_summary(changes, by="municipality"), key=lambda r: order.get(r.measure_group, 99)
    )
    split = sorted(
        results.growth_summary(changes, by=by), key=lambda r: (r.label, order.get(r.measure_group, 99))
    )
    return lines(whole, with_label=False), lines(split, with_label=True), by_label


def indicator_figures(
    municipality: Municipality, period: Period, organization: Organization | None
) -> list[IndicatorValue]:
    return list(
        indicator_values(
            municipality=municipality, year=period.year, quarter=period.quarter, organization=organization
        )
    )


def dashboard(
    *,
    municipality: Municipality,
    year: int,
    quarter: int | None = None,
    organization: Organization | None = None,
) -> Dashboard:
    """Every figure of the dashboard of an organization (or, without one, of the municipality)."""
    period = period_of(year, quarter)
    snapshot = snapshot_for(municipality, period)
    whole, split, split_label = growth(municipality, period, organization)
    return Dashboard(
        municipality=municipality,
        organization=organization,
        period=period,
        snapshot=snapshot,
        involvement=involvement(snapshot, organization),
        indicators=indicator_figures(municipality, period, organization),
        dynamics=dynamics(municipality, year, organization),
        window=window(municipality, period, organization),
        meetings=meetings(municipality, period, organization),
        feedback=feedback_completeness(municipality, period, organization),
        satisfaction=satisfaction(municipality, period, organization),
        growth=whole,
        growth_by=split,
        growth_by_label=split_label,
    )


# --- the municipality's organizations, one row each ---------------------------------------------


def dashboard_organizations(municipality: Municipality) -> QuerySet[Organization]:
    """Schools and ДО of the municipality: those that run programs and appear on its dashboard."""
    return Organization.objects.filter(
        municipality=municipality, kind__in=DASHBOARD_ORGANIZATION_KINDS, is_archived=False
    ).order_by("short_name", "id")


def organization_rows(
    municipality: Municipality,
    period: Period,
    organizations: Sequence[Organization],
    *,
    whole_municipality: bool = False,
    today: datetime.date | None = None,
) -> list[OrganizationRow]:
    """The main figures of each of the given organizations (a page of the list, or with
    `whole_municipality` all of them): a fixed number of grouped queries, whatever their number."""
    today = today or timezone.localdate()
    if whole_municipality:
        scope = Q(organization__municipality=municipality)
    else:
        scope = Q(organization_id__in=[organization.pk for organization in organizations])
    snapshot = snapshot_for(municipality, period)
    people: dict[tuple[int, str], int] = {}
    if snapshot is not None:
        for row in (
            RegisterEntry.objects.filter(scope, snapshot=snapshot)
            .order_by()
            .values("organization_id", "role")
            .annotate(people=Count("person_id", distinct=True))
        ):
            people[(row["organization_id"], row["role"])] = row["people"]
    chosen = _chosen_in(Program.objects.filter(scope), period)
    windows = {
        row.pop("organization_id"): Window(**row)
        for row in chosen.values("organization_id").annotate(**_window_counts(today))
    }
    mentorships = Mentorship.objects.filter(scope)
    working = _working(mentorships, period)
    planned = _planned_by(working, "program__organization_id")
    held = _held_by(working, period, "mentorship__organization_id")
    feedback = {
        row["mentorship__organization_id"]: FeedbackCompleteness(row["held"], row["complete"])
        for row in _held_meetings(mentorships, period)
        .values("mentorship__organization_id")
        .annotate(held=Count("pk"), complete=Count("pk", filter=_COMPLETE))
    }
    return [
        OrganizationRow(
            organization_id=organization.pk,
            name=organization.short_name,
            mentors=people.get((organization.pk, RegisterRole.MENTOR), 0),
            mentees=people.get((organization.pk, RegisterRole.MENTEE), 0),
            window=windows.get(organization.pk, Window()),
            meetings_held=held.get(organization.pk, 0),
            meetings_planned=planned.get(organization.pk, 0),
            feedback=feedback.get(organization.pk, FeedbackCompleteness()),
        )
        for organization in organizations
    ]


# --- tables and charts ----------------------------------------------------------------------------


def _value(value: Decimal | float | int | None, suffix: str = "") -> str:
    """A figure as the page and the report print it: «12,5», «—» when there is none."""
    if value is None:
        return "—"
    if isinstance(value, (Decimal, float)):
        text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    return text.replace(".", ",") + suffix


def percent_text(value: Decimal | None) -> str:
    return _value(value, " %")


def indicator_rows(values: list[IndicatorValue]) -> list[list[object]]:
    rows = []
    for value in values:
        rows.append(
            [
                value.indicator.code,
                value.indicator.name,
                percent_text(value.target),
                percent_text(value.actual) if value.actual is not None else (value.missing or "нет данных"),
                value.numerator,
                value.denominator if value.denominator is not None else "—",
                indicator_status(value),
            ]
        )
    return rows


def indicator_status(value: object) -> str:
    actual = getattr(value, "actual", None)
    target = getattr(value, "target", None)
    if actual is None:
        return "нет данных"
    if target is None:
        return "цель не установлена"
    return "достигнуто" if actual >= target else "не достигнуто"


def build_panels(board: Dashboard) -> list[Panel]:
    inv = board.involvement
    panels = [
        Panel(
            "involvement",
            "Вовлечённость по формам и ролям",
            Table(
                ["Форма наставничества", "Наставники", "Наставляемые"],
                [[row.form, row.mentors, row.mentees] for row in inv.rows],
                footer=["Всего (человек, без повторов)", inv.mentors, inv.mentees],
            ),
            (charts.involvement_chart, ([(r.form, r.mentors, r.mentees) for r in inv.rows],)),
            note=(
                f"По срезу персонифицированного учёта на {board.snapshot.as_of:%d.%m.%Y}; человек, участвующий "
                "в нескольких формах, в строке «Всего» считается один раз."
                if board.snapshot
                else "Срез персонифицированного учёта за период ещё не снят."
            ),
        ),
        Panel(
            "plan_fact",
            "План и факт по целевым показателям",
            Table(
                ["Код", "Показатель", "Цель", "Факт", "Числитель", "Знаменатель", "Итог"],
                indicator_rows(board.indicators),
            ),
            (
                charts.plan_fact_chart,
                (
                    [
                        (
                            f"{v.indicator.code}. {v.indicator.name}",
                            float(v.actual) if v.actual is not None else None,
                            float(v.target) if v.target is not None else None,
                        )
                        for v in board.indicators
                    ],
                ),
            ),
        ),
        Panel(
            "dynamics",
            f"Динамика по кварталам {board.period.year} г.",
            Table(
                ["Квартал", "Срез на", "Наставники", "Наставляемые", "Пары и группы"],
                [
                    [
                        point.label,
                        f"{point.as_of:%d.%m.%Y}" if point.as_of else "срез не снят",
                        _value(point.mentors),
                        _value(point.mentees),
                        _value(point.mentorships),
                    ]
                    for point in board.dynamics
                ],
            ),
            (
                charts.dynamics_chart,
                (
                    [p.label for p in board.dynamics],
                    [
                        ("Наставники", [p.mentors for p in board.dynamics]),
                        ("Наставляемые", [p.mentees for p in board.dynamics]),
                        ("Пары и группы", [p.mentorships for p in board.dynamics]),
                    ],
                ),
            ),
        ),
        Panel(
            "window",
            "Формирование пар и групп в течение 14 дней",
            Table(
                ["Программы, форма выбрана в периоде", "Число"],
                [
                    ["Пары и группы сформированы в срок", board.window.in_time],
                    ["Сформированы с опозданием", board.window.late],
                    ["Срок истёк, не сформированы", board.window.overdue],
                    ["Срок ещё не истёк", board.window.waiting],
                ],
                footer=["Доля сформированных в срок", percent_text(board.window.share)],
            ),
            (
                charts.window_chart,
                (
                    board.window.in_time,
                    board.window.late,
                    board.window.overdue,
                    board.window.waiting,
                ),
            ),
        ),
        Panel(
            "meetings",
            "Встречи: проведено и запланировано",
            Table(
                [
                    "Программа" if board.organization else "Форма наставничества",
                    "Проведено",
                    "По плану",
                    "Выполнено",
                ],
                [[r.label, r.held, r.planned, percent_text(r.percent)] for r in board.meetings],
                footer=[
                    "Всего",
                    board.meetings_held,
                    board.meetings_planned,
                    percent_text(board.meetings_percent),
                ],
            ),
            (charts.meetings_chart, ([(r.label, r.held, r.planned) for r in board.meetings],)),
            note="Пары и группы, работавшие в периоде: встречи по плану этапов программы и проведённые к концу периода.",
        ),
        Panel(
            "feedback",
            "Полнота обратной связи",
            Table(
                ["Встречи, проведённые в периоде", "Число"],
                [
                    ["Проведено встреч", board.feedback.held],
                    [
                        "С обратной связью от наставника и всех пришедших наставляемых",
                        board.feedback.complete,
                    ],
                ],
                footer=["Доля встреч с полной обратной связью", percent_text(board.feedback.percent)],
            ),
            (
                charts.feedback_chart,
                (
                    board.feedback.complete,
                    board.feedback.held - board.feedback.complete,
                ),
            ),
        ),
        Panel(
            "satisfaction",
            "Удовлетворённость участием",
            Table(
                ["Роль", "Ответили", "Средняя оценка", *(f"Оценка {band}" for band, _ in SATISFACTION_BANDS)],
                [[s.label, s.respondents, _value(s.mean), *s.bands] for s in board.satisfaction],
            ),
            (
                charts.satisfaction_chart,
                (
                    [band for band, _ in SATISFACTION_BANDS],
                    [(s.label, s.bands) for s in board.satisfaction],
                ),
            ),
            note="Среднее по вопросам анкет об удовлетворённости последнего ответа каждого участника за период.",
        ),
        Panel(
            "growth",
            "Рост участников (входная и итоговая анкеты)",
            Table(
                ["Группа показателей", "Участников", "До", "После", "Изменение"],
                [
                    [g.group, g.participants, _value(g.before), _value(g.after), _value(g.change)]
                    for g in board.growth
                ],
            ),
            (charts.growth_chart, ([(g.group, g.before, g.after) for g in board.growth],)),
            note="Изменение = среднее «после» − среднее «до» по участникам, у которых есть обе анкеты.",
        ),
    ]
    return panels


def growth_by_table(board: Dashboard) -> Table:
    return Table(
        [board.growth_by_label, "Группа показателей", "Участников", "До", "После", "Изменение"],
        [
            [g.label, g.group, g.participants, _value(g.before), _value(g.after), _value(g.change)]
            for g in board.growth_by
        ],
    )


ORGANIZATION_HEADERS = [
    "Организация",
    "Наставники",
    "Наставляемые",
    "Пары в срок (14 дней)",
    "Встречи: проведено / по плану",
    "Обратная связь полная",
]


def organization_table(rows: Sequence[OrganizationRow]) -> Table:
    return Table(
        ORGANIZATION_HEADERS,
        [
            [
                row.name,
                row.mentors,
                row.mentees,
                f"{row.window.in_time} из {row.window.due}" if row.window.due else "—",
                f"{row.meetings_held} / {row.meetings_planned} ({percent_text(row.meetings_percent)})",
                f"{row.feedback.complete} из {row.feedback.held}" if row.feedback.held else "—",
            ]
            for row in rows
        ],
    )

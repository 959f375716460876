"""Every read of the surveys pages: questionnaires the user sees, a program's rounds with their
response rate, a round's invitations, a participant's open invitations, SWOT analyses."""

from __future__ import annotations

import datetime

from django.db.models import Count, Exists, F, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from mentoring.accounts.models import User
from mentoring.common.access import (
    questionnaires_visible_to,
    survey_organizations_visible_to,
    swots_visible_to,
)
from mentoring.organizations.models import Organization
from mentoring.programs.models import Program, ProgramStatus
from mentoring.surveys.models import (
    Answer,
    Question,
    Questionnaire,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
    SwotAnalysis,
)

OWNER_LEVELS = {"default": "По умолчанию", "municipal": "Муниципалитета", "organization": "Организации"}


def questionnaire_list(
    *, visible_to: User, purpose: str = "", audience: str = "", level: str = ""
) -> QuerySet[Questionnaire]:
    questionnaires = (
        questionnaires_visible_to(visible_to)
        .select_related("municipality", "organization", "form")
        .annotate(question_count=Count("questions", distinct=True))
        .order_by(
            "purpose",
            "audience",
            F("municipality_id").asc(nulls_first=True),
            F("organization_id").asc(nulls_first=True),
            "title",
            "id",
        )
    )
    if purpose:
        questionnaires = questionnaires.filter(purpose=purpose)
    if audience:
        questionnaires = questionnaires.filter(audience=audience)
    if level == "default":
        questionnaires = questionnaires.filter(municipality__isnull=True)
    elif level == "municipal":
        questionnaires = questionnaires.filter(municipality__isnull=False, organization__isnull=True)
    elif level == "organization":
        questionnaires = questionnaires.filter(organization__isnull=False)
    return questionnaires


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(questionnaire.questions.order_by("position", "id"))


def survey_programs(*, visible_to: User) -> QuerySet[Program]:
    """Programs whose surveys the user reads, with how many rounds and SWOT analyses they have."""
    rounds = SurveyRound.objects.filter(program_id=OuterRef("pk")).order_by().values("program_id")
    swots = SwotAnalysis.objects.filter(program_id=OuterRef("pk")).order_by().values("program_id")
    return (
        Program.objects.filter(organization__in=survey_organizations_visible_to(visible_to))
        .exclude(status=ProgramStatus.ARCHIVED)
        .select_related("organization", "form")
        .annotate(
            round_count=Coalesce(Subquery(rounds.annotate(n=Count("id")).values("n")), 0),
            swot_count=Coalesce(Subquery(swots.annotate(n=Count("id")).values("n")), 0),
        )
        .order_by("organization__short_name", "-starts_on", "title", "id")
    )


def rounds_of_program(program: Program) -> QuerySet[SurveyRound]:
    """The program's rounds, newest first, with the numbers of invited and answered participants."""
    invited = SurveyInvitation.objects.filter(round_id=OuterRef("pk")).order_by().values("round_id")
    answered = SurveyResponse.objects.filter(round_id=OuterRef("pk")).order_by().values("round_id")
    return (
        SurveyRound.objects.filter(program=program)
        .select_related("questionnaire")
        .annotate(
            invited_count=Coalesce(Subquery(invited.annotate(n=Count("id")).values("n")), 0),
            answered_count=Coalesce(Subquery(answered.annotate(n=Count("id")).values("n")), 0),
        )
        .order_by("-opens_on", "-id")
    )


def round_invitations(survey_round: SurveyRound) -> QuerySet[SurveyInvitation]:
    """The round's invitations with the person and their response (if any)."""
    responses = SurveyResponse.objects.filter(round_id=survey_round.pk, person_id=OuterRef("person_id"))
    return (
        SurveyInvitation.objects.filter(round=survey_round)
        .select_related("person")
        .annotate(
            answered=Exists(responses),
            entered_by_staff=Exists(responses.filter(entered_by_staff=True)),
            answered_at=Subquery(responses.values("submitted_at")[:1]),
        )
        .order_by("person__last_name", "person__first_name", "person_id")
    )


def my_open_invitations(*, user: User, today: datetime.date) -> QuerySet[SurveyInvitation]:
    """The user's invitations (through their record in the bases) to rounds open today and not yet
    answered, the soonest to close first."""
    answered = SurveyResponse.objects.filter(round_id=OuterRef("round_id"), person_id=OuterRef("person_id"))
    return (
        SurveyInvitation.objects.filter(
            person__user_id=user.pk, round__opens_on__lte=today, round__closes_on__gte=today
        )
        .exclude(Exists(answered))
        .select_related("round__questionnaire", "round__program__organization")
        .order_by("round__closes_on", "round_id")
    )


def my_answered_count(*, user: User) -> int:
    return SurveyResponse.objects.filter(person__user_id=user.pk).count()


def swots_of_program(program: Program) -> QuerySet[SwotAnalysis]:
    return (
        SwotAnalysis.objects.filter(program=program).select_related("author").order_by("-period_end", "-id")
    )


def swot_list(*, visible_to: User, organization: Organization | None = None) -> QuerySet[SwotAnalysis]:
    swots = swots_visible_to(visible_to).select_related("program", "program__organization", "author")
    if organization is not None:
        swots = swots.filter(program__organization=organization)
    return swots.order_by("-period_end", "program__organization__short_name", "program__title", "id")


def round_prefetch_questions(survey_round: SurveyRound) -> list[Question]:
    return list(
        Question.objects.filter(questionnaire_id=survey_round.questionnaire_id).order_by("position", "id")
    )


def response_of(survey_round: SurveyRound, person_id: int) -> SurveyResponse | None:
    return (
        SurveyResponse.objects.filter(round=survey_round, person_id=person_id)
        .select_related("recorded_by")
        .prefetch_related(Prefetch("answers", queryset=_answers()))
        .first()
    )


def _answers() -> QuerySet[Answer]:
    return Answer.objects.select_related("question").order_by("question__position", "question_id")


def organizations_with_surveys(*, visible_to: User) -> QuerySet[Organization]:
    return survey_organizations_visible_to(visible_to).filter(is_archived=False).order_by("short_name")


def programs_filter(programs: QuerySet[Program], organization_id: str) -> QuerySet[Program]:
    if organization_id.isdigit():
        return programs.filter(organization_id=int(organization_id))
    return programs

"""The demo district's questionnaires: rounds with answers in three schools, growth of the completed
pair, a pulse schedule, a SWOT, open questionnaires waiting for the demo mentee and mentor; the pages
show them, and loading again adds nothing."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.demo.surveys import load_demo_surveys
from mentoring.surveys.models import PulseSchedule, SurveyResponse, SurveyRound, SwotAnalysis
from mentoring.surveys.results import growth_summary, measure_changes, satisfaction_by_person
from mentoring.surveys.selectors import my_open_invitations


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.django_db
def test_the_demo_shows_questionnaires_growth_satisfaction_pulse_and_swot(district):
    municipality_id = district["brz-school-1"].municipality_id
    today = timezone.localdate()
    growth = growth_summary(measure_changes(municipality_id=municipality_id), by="municipality")
    assert {row.measure_group for row in growth} == {"motivational", "competency", "professional"}
    assert all(row.change > 0 for row in growth)
    mentees = satisfaction_by_person(
        municipality_id=municipality_id, role="mentee", start=today - datetime.timedelta(days=365), end=today
    )
    schools = set(
        SurveyResponse.objects.filter(person_id__in=mentees).values_list(
            "person__organization__code", flat=True
        )
    )
    assert {"brz-school-1", "brz-school-2", "brz-school-3"} <= schools
    assert PulseSchedule.objects.filter(program__organization=district["brz-school-1"]).exists()
    swot = SwotAnalysis.objects.get(program__organization=district["brz-school-1"])
    for username in ("mentee1", "mentor1"):
        assert my_open_invitations(user=User.objects.get(username=username), today=today).exists()

    curator = _client("curator1")
    program = swot.program
    survey_round = SurveyRound.objects.filter(program=program, responses__isnull=False).first()
    for url in (
        reverse("surveys:program", args=[program.pk]),
        reverse("surveys:round_detail", args=[survey_round.pk]),
        reverse("surveys:swot_detail", args=[swot.pk]),
        reverse("surveys:program_growth", args=[program.pk]),
        reverse("surveys:organization_growth", args=[program.organization_id]),
        reverse("surveys:questionnaire_list"),
    ):
        assert curator.get(url).status_code == 200, url
    assert "Мои анкеты" in _client("mentee1").get(reverse("profile")).content.decode()
    assert (
        "Рост участников"
        in _client("metod1").get(reverse("surveys:program", args=[program.pk])).content.decode()
    )

    rounds, responses = SurveyRound.objects.count(), SurveyResponse.objects.count()
    load_demo_surveys(district)
    assert (SurveyRound.objects.count(), SurveyResponse.objects.count()) == (rounds, responses)

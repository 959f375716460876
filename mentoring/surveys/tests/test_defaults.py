"""The questionnaires shipped by the data migration: every form has its stage 1 questionnaires, stage 2
compares the same measures on entry and exit in all three groups, and loading again adds nothing."""

import importlib

import pytest
from django.apps import apps

from mentoring.programs.models import MentoringForm
from mentoring.surveys.models import Audience, MeasureGroup, Purpose, QuestionKind, Questionnaire

pytestmark = pytest.mark.django_db

MIGRATION = "mentoring.surveys.migrations.0002_default_questionnaires"


def _defaults():
    return Questionnaire.objects.filter(municipality__isnull=True).prefetch_related("questions")


def test_every_default_form_has_a_stage_1_questionnaire_for_mentors_and_for_mentees():
    forms = MentoringForm.objects.filter(municipality__isnull=True)
    assert forms.count() >= 7
    for form in forms:
        for audience in (Audience.MENTOR, Audience.MENTEE):
            q = _defaults().get(form=form, purpose=Purpose.PROCESS, audience=audience)
            kinds = {item.kind for item in q.questions.all()}
            assert kinds == {
                QuestionKind.SCALE,
                QuestionKind.SINGLE,
                QuestionKind.MULTIPLE,
                QuestionKind.TEXT,
            }
            assert q.questions.filter(counts_for_satisfaction=True).count() == 5
    assert _defaults().get(code="stage1-curator").audience == Audience.CURATOR


def test_entry_and_exit_ask_the_same_measures_in_all_three_groups():
    for audience in (Audience.MENTOR, Audience.MENTEE):
        entry = _defaults().get(code=f"entry-{audience}")
        exit_ = _defaults().get(code=f"exit-{audience}")
        measures = {(q.measure_group, q.measure_code) for q in entry.questions.exclude(measure_code="")}
        assert measures == {
            (q.measure_group, q.measure_code) for q in exit_.questions.exclude(measure_code="")
        }
        assert {group for group, _ in measures} == set(MeasureGroup.values)
        assert all(q.kind == QuestionKind.SCALE for q in entry.questions.exclude(measure_code=""))
        assert exit_.questions.filter(counts_for_satisfaction=True).exists()


def test_codes_are_unique_choice_items_have_options_and_pulse_questionnaires_are_short():
    codes = list(_defaults().values_list("code", flat=True))
    assert len(codes) == len(set(codes))
    assert "" not in codes
    for q in _defaults():
        for item in q.questions.all():
            if item.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
                assert len(item.options) >= 2, item.text
            else:
                assert item.options == []
        assert [item.position for item in q.questions.all()] == list(range(1, q.questions.count() + 1))
    for audience in (Audience.MENTOR, Audience.MENTEE):
        assert _defaults().get(code=f"pulse-{audience}").questions.count() <= 3


def test_loading_the_defaults_again_adds_nothing_and_keeps_a_departments_edit():
    q = _defaults().get(code="pulse-mentee")
    q.title = "Пульс-опрос"
    q.save()
    before = Questionnaire.objects.count()
    importlib.import_module(MIGRATION).load_defaults(apps, None)
    assert Questionnaire.objects.count() == before
    assert Questionnaire.objects.get(pk=q.pk).title == "Пульс-опрос"

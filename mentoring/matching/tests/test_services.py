import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from mentoring.documents.models import Document
from mentoring.matching import services
from mentoring.matching.candidates import load_candidates
from mentoring.matching.models import MatchingRun, PairRule, Preference, RunStatus
from mentoring.matching.rules import pair_problems
from mentoring.matching.tests.factories import MATH, RUSSIAN, mentee, mentor, pupil_program, small_setup
from mentoring.mentorships.models import Mentorship, MentorshipMentee
from mentoring.people.models import Consent, MenteeStatus, MentorProfile, TrainingStatus

pytestmark = pytest.mark.django_db


def run_now(program, user):
    return services.matching_run_now(program=program, by=user)


def test_a_run_places_every_mentee_the_capacities_allow_and_explains_each_score(world):
    setup = small_setup(world)
    run = run_now(setup.program, world.curator)
    assert run.status == RunStatus.PROPOSED
    assert run.matched == 3
    assert run.mentees_count == 3
    pairs = {pair.mentee_id: pair for pair in run.pairs.all()}
    math_mentor, russian_mentor = setup.mentors
    assert pairs[setup.mentees[0].pk].mentor_id == math_mentor.pk
    assert pairs[setup.mentees[1].pk].mentor_id == russian_mentor.pk
    # The Math mentor has two places: the third mentee joins a group there.
    assert pairs[setup.mentees[2].pk].mentor_id == math_mentor.pk
    for pair in pairs.values():
        points = sum(Decimal(str(part["points"])) for part in pair.parts.values())
        assert points == pair.score
        assert set(pair.parts) == {"requests", "preferences", "priority", "availability", "gap"}
    assert run.total_score == sum(pair.score for pair in pairs.values())


def test_a_mentee_nobody_may_mentor_is_reported_with_the_reason(world):
    setup = small_setup(world)
    # A ninth-grader cannot be mentored by a ninth-grader in a pupil–pupil form (gap of one class).
    lonely = mentee(world, grade=11, requests=(MATH,), last_name="Старшеклассников")
    run = run_now(setup.program, world.curator)
    reasons = {row.mentee_id: row.reason for row in run.unmatched.all()}
    assert reasons == {lonely.pk: "no_allowed_mentor"}


def test_when_places_run_out_the_unmatched_mentee_hears_that_mentors_are_full(world):
    setup = small_setup(world)
    extra = mentee(world, grade=6, requests=(MATH,), last_name="Лишний")
    run = run_now(setup.program, world.curator)
    assert run.matched == 3
    unmatched = list(run.unmatched.all())
    assert len(unmatched) == 1
    assert unmatched[0].reason == "all_mentors_full"
    assert unmatched[0].mentee_id in {extra.pk, *(m.pk for m in setup.mentees)}


def test_mentees_without_consent_and_untrained_mentors_stay_out_of_matching(world):
    setup = small_setup(world)
    Consent.objects.filter(person=setup.mentees[0].person).update(withdrawn_on=timezone.localdate())
    setup.program.requires_trained_mentors = True
    setup.program.save()
    MentorProfile.objects.filter(pk=setup.mentors[0].pk).update(training_status=TrainingStatus.TRAINED)
    candidates = load_candidates(setup.program)
    assert [m.pk for m in candidates.mentees] == [setup.mentees[1].pk, setup.mentees[2].pk]
    assert [m.pk for m in candidates.mentors] == [setup.mentors[0].pk]


def test_a_mentor_of_another_organization_serves_only_when_the_program_names_it(world):
    setup = small_setup(world)
    outsider = mentor(world, grade=11, capacity=3, competencies=(MATH,), organization=world.other_school)
    assert outsider.pk not in [m.pk for m in load_candidates(setup.program).mentors]
    problems = pair_problems(setup.program, outsider, setup.mentees[0])
    assert any("другой организации" in problem for problem in problems)
    services.matching_settings_save(
        program=setup.program,
        by=world.curator,
        weights={"requests": 45, "preferences": 20, "priority": 15, "availability": 10, "gap": 10},
        mentor_organizations=[world.other_school],
    )
    assert outsider.pk in [m.pk for m in load_candidates(setup.program).mentors]
    assert pair_problems(setup.program, outsider, setup.mentees[0]) == []


def test_the_rules_forbid_a_person_mentoring_themself_and_a_too_small_class_gap(world):
    setup = small_setup(world)
    ninth_grader = setup.mentors[1]
    classmate = mentee(world, grade=9, last_name="Одноклассник")
    # A tenth-grader in both bases: a mentee of the program and a mentor serving its form.
    both = mentee(world, grade=10, last_name="Двойственный")
    both_as_mentor = MentorProfile.objects.create(
        person=both.person, capacity=1, joined_on=timezone.localdate()
    )
    both_as_mentor.forms.set([setup.program.form])
    candidates = load_candidates(setup.program)
    mentee_index = {m.pk: i for i, m in enumerate(candidates.mentees)}
    mentor_index = {m.pk: j for j, m in enumerate(candidates.mentors)}
    assert not candidates.allowed[mentee_index[classmate.pk], mentor_index[ninth_grader.pk]]
    assert not candidates.allowed[mentee_index[both.pk], mentor_index[both_as_mentor.pk]]
    assert candidates.allowed[mentee_index[setup.mentees[0].pk], mentor_index[ninth_grader.pk]]
    assert any("старше" in p for p in pair_problems(setup.program, ninth_grader, classmate))
    assert pair_problems(setup.program, both_as_mentor, both) == [
        "Наставник и наставляемый — один и тот же человек."
    ]


def test_locks_and_exclusions_hold_when_matching_runs_again(world):
    setup = small_setup(world)
    math_mentor = setup.mentors[0]
    # Lock the Russian mentee with the Math mentor and forbid the pair Math mentor – first mentee.
    services.pair_lock(program=setup.program, mentee=setup.mentees[1], mentor=math_mentor, by=world.curator)
    services.pair_exclude(
        program=setup.program, mentee=setup.mentees[0], mentor=math_mentor, by=world.curator
    )
    run = run_now(setup.program, world.curator)
    pairs = {pair.mentee_id: pair for pair in run.pairs.all()}
    assert pairs[setup.mentees[1].pk].mentor_id == math_mentor.pk
    assert pairs[setup.mentees[1].pk].is_locked
    assert setup.mentees[0].pk not in pairs or pairs[setup.mentees[0].pk].mentor_id != math_mentor.pk


def test_locking_more_pairs_than_a_mentor_has_places_is_refused(world):
    setup = small_setup(world)
    russian_mentor = setup.mentors[1]
    services.pair_lock(
        program=setup.program, mentee=setup.mentees[1], mentor=russian_mentor, by=world.curator
    )
    with pytest.raises(ValidationError, match="свободных мест: 1"):
        services.pair_lock(
            program=setup.program, mentee=setup.mentees[0], mentor=russian_mentor, by=world.curator
        )
    assert PairRule.objects.filter(program=setup.program).count() == 1


def test_moving_a_mentee_by_hand_locks_the_pair_and_matches_again(world):
    setup = small_setup(world)
    run = run_now(setup.program, world.curator)
    new_run = services.mentee_move(
        run=run, mentee=setup.mentees[0], mentor=setup.mentors[1], by=world.curator
    )
    new_run.refresh_from_db()
    assert new_run.pk != run.pk
    assert new_run.status == RunStatus.PROPOSED
    assert new_run.pairs.get(mentee=setup.mentees[0]).mentor_id == setup.mentors[1].pk
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED
    # The move cost score: the Math mentee is now with the Russian mentor.
    assert new_run.total_score < run.total_score


def test_confirming_creates_the_pairs_and_groups_and_a_draft_order(world):
    setup = small_setup(world)
    run = run_now(setup.program, world.curator)
    mentorships = services.matching_confirm(run=run, by=world.curator)
    assert len(mentorships) == 2
    sizes = sorted(m.participants.count() for m in mentorships)
    assert sizes == [1, 2]
    run.refresh_from_db()
    assert run.status == RunStatus.CONFIRMED
    order = run.order_document
    assert order is not None
    assert order.kind.name == "Приказ о формировании наставнических пар и групп"
    assert order.status == "draft"
    assert order.file.name.endswith(".docx")
    assert set(order.people.values_list("pk", flat=True)) >= {m.person_id for m in setup.mentees}
    setup.program.refresh_from_db()
    assert setup.program.pairs_formed_on == timezone.localdate()
    assert set(
        MentorProfile.objects.filter(pk__in=[m.pk for m in setup.mentors]).values_list(
            "active_mentees", flat=True
        )
    ) == {1, 2}
    for profile in setup.mentees:
        profile.refresh_from_db()
        assert profile.status == MenteeStatus.IN_MENTORSHIP


def test_the_order_lists_every_pair_in_a_table(world):
    from docx import Document as DocxDocument

    setup = small_setup(world)
    run = run_now(setup.program, world.curator)
    services.matching_confirm(run=run, by=world.curator)
    run.refresh_from_db()
    with run.order_document.file.open("rb") as handle:
        document = DocxDocument(handle)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "О формировании наставнических пар и групп" in text
    rows = document.tables[0].rows
    assert len(rows) == 1 + 2
    cells = " ".join(cell.text for row in rows for cell in row.cells)
    for profile in setup.mentees:
        assert profile.person.last_name in cells


def test_a_proposal_is_confirmed_once(world):
    setup = small_setup(world)
    run = run_now(setup.program, world.curator)
    services.matching_confirm(run=run, by=world.curator)
    with pytest.raises(ValidationError):
        services.matching_confirm(run=run, by=world.curator)
    assert Mentorship.objects.filter(program=setup.program).count() == 2


def test_confirming_after_a_consent_was_withdrawn_creates_nothing(world):
    setup = small_setup(world)
    run = run_now(setup.program, world.curator)
    Consent.objects.filter(person=setup.mentees[2].person).update(withdrawn_on=timezone.localdate())
    with pytest.raises(ValidationError, match="согласия"):
        services.matching_confirm(run=run, by=world.curator)
    assert Mentorship.objects.count() == 0
    assert Document.objects.count() == 0
    run.refresh_from_db()
    assert run.status == RunStatus.PROPOSED
    assert set(MentorProfile.objects.values_list("active_mentees", flat=True)) == {0}


def test_two_proposals_sharing_a_mentor_never_overfill_the_mentor(world):
    first = pupil_program(world, title="Первая")
    second = pupil_program(world, title="Вторая")
    shared = mentor(world, grade=10, capacity=1, competencies=(MATH,))
    one = mentee(world, grade=6, requests=(MATH,))
    first_run = run_now(first, world.curator)
    second_run = run_now(second, world.curator)
    assert first_run.matched == second_run.matched == 1
    services.matching_confirm(run=first_run, by=world.curator)
    with pytest.raises(ValidationError):
        services.matching_confirm(run=second_run, by=world.curator)
    shared.refresh_from_db()
    assert shared.active_mentees == 1
    assert MentorshipMentee.objects.filter(mentee=one).count() == 1


def test_discarding_a_proposal_creates_nothing(world):
    setup = small_setup(world)
    run = run_now(setup.program, world.curator)
    services.matching_discard(run=run, by=world.curator)
    run.refresh_from_db()
    assert run.status == RunStatus.DISCARDED
    assert Mentorship.objects.count() == 0
    with pytest.raises(ValidationError):
        services.matching_confirm(run=run, by=world.curator)


def test_wishes_raise_the_score_of_the_pair_and_are_limited_to_three(world):
    setup = small_setup(world)
    before = load_candidates(setup.program)
    i = [m.pk for m in before.mentees].index(setup.mentees[0].pk)
    j = [m.pk for m in before.mentors].index(setup.mentors[0].pk)
    services.preferences_set(
        program=setup.program,
        by=world.curator,
        side="mentee",
        mentee=setup.mentees[0],
        chosen=[setup.mentors[0]],
    )
    after = load_candidates(setup.program)
    assert after.score[i, j] > before.score[i, j]
    assert "1-м" in after.explain(i, j)["preferences"]["detail"]
    extra = [mentor(world, grade=11, competencies=(RUSSIAN,)) for _ in range(3)]
    with pytest.raises(ValidationError, match="не больше 3"):
        services.preferences_set(
            program=setup.program,
            by=world.curator,
            side="mentee",
            mentee=setup.mentees[0],
            chosen=[setup.mentors[0], *extra],
        )
    assert Preference.objects.filter(program=setup.program).count() == 1


def test_only_the_organizations_curator_head_or_department_runs_matching(world):
    setup = small_setup(world)
    for outsider in (world.mentor, world.mentee, world.other_curator, world.methodologist):
        with pytest.raises(PermissionDenied):
            services.matching_run_now(program=setup.program, by=outsider)
    assert MatchingRun.objects.count() == 0
    assert services.matching_run_now(program=setup.program, by=world.head).status == RunStatus.PROPOSED


def test_a_completed_program_is_not_matched(world):
    setup = small_setup(world)
    setup.program.status = "completed"
    setup.program.save()
    with pytest.raises(ValidationError, match="завершена"):
        services.matching_run_now(program=setup.program, by=world.curator)


def test_starting_a_run_queues_it_and_the_immediate_backend_finishes_it(world):
    setup = small_setup(world)
    run = services.matching_start(program=setup.program, by=world.curator)
    assert run.status == RunStatus.PROPOSED
    assert run.progress == 100


def test_the_match_command_prints_json_and_confirms(world, capsys):
    setup = small_setup(world)
    call_command("match", "--program", str(setup.program.pk), "--json", "--confirm")
    import json

    result = json.loads(capsys.readouterr().out)
    assert result["matched"] == 3
    assert result["mentorships_created"] == 2
    assert Mentorship.objects.filter(program=setup.program).count() == 2


def test_the_match_command_refuses_an_unknown_program_in_russian(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="не найдена"):
        call_command("match", "--program", "999999")


def test_the_two_week_window_counts_down_from_the_form_choice(world):
    program = pupil_program(world, form_chosen_on=timezone.localdate() - datetime.timedelta(days=10))
    assert program.pairs_days_left() == 4

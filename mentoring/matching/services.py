"""Every write of matching: settings, preferences, the curator's locks and exclusions, runs of the
engine and the confirmation that turns a proposal into mentorships and an order."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from decimal import Decimal

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import can_run_programs_of
from mentoring.documents.models import DocumentKind, DocumentStatus
from mentoring.documents.services import document_create
from mentoring.matching import engine
from mentoring.matching.candidates import PARTS, load_candidates
from mentoring.matching.models import (
    MENTEE_CHOICES_MAX,
    MENTOR_CHOICES_MAX,
    MatchingRun,
    MatchingSettings,
    PairRule,
    PairRuleKind,
    Preference,
    PreferenceSide,
    ProposedPair,
    RunStatus,
    UnmatchedMentee,
)
from mentoring.matching.orders import pairs_order_docx
from mentoring.matching.rules import pair_problems
from mentoring.mentorships.models import Mentorship
from mentoring.mentorships.services import mentorships_create_many
from mentoring.organizations.models import Organization
from mentoring.people.models import MenteeProfile, MentorProfile
from mentoring.programs.models import Program, ProgramStatus

logger = logging.getLogger(__name__)

ORDER_KIND_NAME = "Приказ о формировании наставнических пар и групп"
OPEN_PROGRAM_STATUSES = (ProgramStatus.DRAFT, ProgramStatus.ACTIVE)


def _require_runner(by: User, program: Program) -> None:
    if not can_run_programs_of(by, program.organization):
        raise PermissionDenied("Подбором пар занимаются куратор и руководитель организации.")


def _require_open(program: Program) -> None:
    if program.status not in OPEN_PROGRAM_STATUSES:
        raise ValidationError("Программа завершена или в архиве: пары в ней больше не формируются.")


# --- settings and preferences ---------------------------------------------------------------------


@transaction.atomic
def matching_settings_save(
    *, program: Program, by: User, weights: dict[str, int], mentor_organizations: Sequence[Organization] = ()
) -> MatchingSettings:
    _require_runner(by, program)
    settings, _ = MatchingSettings.objects.get_or_create(program=program)
    for name in PARTS:
        setattr(settings, f"weight_{name}", weights[name])
    organizations = list(mentor_organizations)
    for organization in organizations:
        if organization.municipality_id != program.organization.municipality_id:
            raise ValidationError("Наставников можно брать только из организаций своего муниципалитета.")
    settings.full_clean()
    settings.save()
    settings.mentor_organizations.set([o for o in organizations if o.pk != program.organization_id])
    return settings


@transaction.atomic
def preferences_set(
    *,
    program: Program,
    by: User,
    side: str,
    mentee: MenteeProfile | None = None,
    mentor: MentorProfile | None = None,
    chosen: Sequence[MentorProfile | MenteeProfile],
) -> list[Preference]:
    """Replaces one person's ranked wishes: a mentee's mentors (up to three) or a mentor's mentees
    (up to five). Wishes only raise a pair's score; they book nobody."""
    _require_runner(by, program)
    _require_open(program)
    people = list(chosen)
    if len({person.pk for person in people}) != len(people):
        raise ValidationError("Один и тот же человек выбран дважды.")
    pairs: list[tuple[MenteeProfile, MentorProfile]]
    if side == PreferenceSide.MENTEE:
        if mentee is None:
            raise ValidationError("Не указан наставляемый.")
        if len(people) > MENTEE_CHOICES_MAX:
            raise ValidationError(f"Наставляемый называет не больше {MENTEE_CHOICES_MAX} наставников.")
        Preference.objects.filter(program=program, side=side, mentee=mentee).delete()
        pairs = [(mentee, other) for other in people if isinstance(other, MentorProfile)]
    elif side == PreferenceSide.MENTOR:
        if mentor is None:
            raise ValidationError("Не указан наставник.")
        if len(people) > MENTOR_CHOICES_MAX:
            raise ValidationError(f"Наставник называет не больше {MENTOR_CHOICES_MAX} наставляемых.")
        Preference.objects.filter(program=program, side=side, mentor=mentor).delete()
        pairs = [(other, mentor) for other in people if isinstance(other, MenteeProfile)]
    else:
        raise ValidationError("Неизвестная сторона пожелания.")
    if len(pairs) != len(people):
        raise ValidationError("Наставляемый выбирает наставников, а наставник — наставляемых.")
    created = []
    for rank, (the_mentee, the_mentor) in enumerate(pairs, start=1):
        problems = pair_problems(program, the_mentor, the_mentee)
        if problems:
            raise ValidationError(f"{the_mentee.person} и {the_mentor.person}: {' '.join(problems)}")
        preference = Preference(
            program=program, side=side, mentee=the_mentee, mentor=the_mentor, rank=rank, created_by=by
        )
        preference.full_clean()
        preference.save()
        created.append(preference)
    return created


# --- the curator's decisions about pairs ------------------------------------------------------------


@transaction.atomic
def pair_lock(*, program: Program, mentee: MenteeProfile, mentor: MentorProfile, by: User) -> PairRule:
    """Fixes a pair: every later run keeps it. A mentee has one lock at most; a new one replaces it."""
    _require_runner(by, program)
    _require_open(program)
    problems = pair_problems(program, mentor, mentee)
    problems = [p for p in problems if p != "Куратор исключил эту пару при подборе."]
    if problems:
        raise ValidationError(" ".join(problems))
    locks_on_mentor = PairRule.objects.filter(program=program, mentor=mentor, kind=PairRuleKind.LOCK).exclude(
        mentee=mentee
    )
    free = min(mentor.capacity - mentor.active_mentees, program.max_group_size)
    if locks_on_mentor.count() >= free:
        raise ValidationError(
            f"За наставником {mentor.person} уже закреплено наставляемых: {locks_on_mentor.count()}, "
            f"свободных мест: {max(free, 0)}."
        )
    PairRule.objects.filter(program=program, mentee=mentee, kind=PairRuleKind.LOCK).delete()
    PairRule.objects.filter(program=program, mentee=mentee, mentor=mentor).delete()
    return PairRule.objects.create(
        program=program, mentee=mentee, mentor=mentor, kind=PairRuleKind.LOCK, created_by=by
    )


@transaction.atomic
def pair_exclude(*, program: Program, mentee: MenteeProfile, mentor: MentorProfile, by: User) -> PairRule:
    """Forbids a pair: no run proposes it (a lock of the same pair is lifted)."""
    _require_runner(by, program)
    _require_open(program)
    PairRule.objects.filter(program=program, mentee=mentee, mentor=mentor).delete()
    return PairRule.objects.create(
        program=program, mentee=mentee, mentor=mentor, kind=PairRuleKind.EXCLUDE, created_by=by
    )


@transaction.atomic
def pair_rule_remove(*, rule: PairRule, by: User) -> None:
    _require_runner(by, rule.program)
    rule.delete()


# --- runs -------------------------------------------------------------------------------------------


def matching_start(*, program: Program, by: User) -> MatchingRun:
    """Queues a run of the engine for the program (the worker, or at once in development)."""
    _require_runner(by, program)
    _require_open(program)
    from mentoring.matching.tasks import run_matching

    with transaction.atomic():
        Program.objects.select_for_update().get(pk=program.pk)
        if MatchingRun.objects.filter(
            program=program, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).exists():
            raise ValidationError("Подбор по этой программе уже идёт: дождитесь результата.")
        run = MatchingRun.objects.create(program=program, started_by=by, stage="В очереди")
    # Queued after the commit, so that a worker in another process finds the run.
    run_matching.enqueue(run.pk)
    run.refresh_from_db()
    return run


def matching_run_now(*, program: Program, by: User) -> MatchingRun:
    """Runs the engine in this process and returns the finished run (the shell command, the demo)."""
    _require_runner(by, program)
    _require_open(program)
    run = MatchingRun.objects.create(program=program, started_by=by, stage="Запущен из командной строки")
    return matching_execute(run)


def _progress(run: MatchingRun, percent: int, stage: str) -> None:
    MatchingRun.objects.filter(pk=run.pk).update(progress=percent, stage=stage)


def matching_execute(run: MatchingRun) -> MatchingRun:
    """Computes the proposal of a queued run and stores it (called by the background task)."""
    started = time.perf_counter()
    program = Program.objects.select_related("form", "organization").get(pk=run.program_id)
    MatchingRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=5, stage="Читаем базы")
    try:
        candidates = load_candidates(program)
        _progress(run, 40, "Ищем лучшее распределение")
        mentee_index, mentor_index, scores = candidates.edges()
        problem = engine.Problem(
            n_mentees=len(candidates.mentees),
            mentor_capacity=candidates.mentor_capacity,
            edge_mentee=mentee_index,
            edge_mentor=mentor_index,
            edge_score=scores,
            locked=np.array(candidates.locked, dtype=np.int64).reshape(-1, 2),
            excluded=np.array(candidates.excluded, dtype=np.int64).reshape(-1, 2),
        )
        solution = engine.solve(problem)
        _progress(run, 80, "Сохраняем предложение")
        _store(run, candidates, solution, started)
    except engine.InfeasibleLocks as error:
        _fail(
            run,
            f"Закреплённые пары несовместимы: {error}. Снимите лишние закрепления и запустите подбор снова.",
        )
    except Exception:
        logger.exception("matching run %s failed", run.pk)
        _fail(
            run, "Подбор не удался из-за внутренней ошибки. Попробуйте ещё раз или сообщите администратору."
        )
    run.refresh_from_db()
    return run


def _fail(run: MatchingRun, message: str) -> None:
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.FAILED, error=message, finished_at=timezone.now(), stage="", progress=100
    )


@transaction.atomic
def _store(run: MatchingRun, candidates: object, solution: engine.Solution, started: float) -> None:
    from mentoring.matching.candidates import Candidates

    assert isinstance(candidates, Candidates)  # noqa: S101 - narrows the type for mypy
    locked = set(candidates.locked)
    pairs, unmatched = [], []
    for i, mentee in enumerate(candidates.mentees):
        j = int(solution.mentor_of[i])
        if j < 0:
            reason = solution.unmatched_reason.get(i, "no_allowed_mentor")
            unmatched.append(UnmatchedMentee(run=run, mentee_id=mentee.pk, reason=reason))
            continue
        pairs.append(
            ProposedPair(
                run=run,
                mentee_id=mentee.pk,
                mentor_id=candidates.mentors[j].pk,
                score=Decimal(f"{candidates.score[i, j]:.2f}"),
                parts=candidates.explain(i, j),
                is_locked=(i, j) in locked,
            )
        )
    ProposedPair.objects.bulk_create(pairs, batch_size=500)
    UnmatchedMentee.objects.bulk_create(unmatched, batch_size=500)
    MatchingRun.objects.filter(program_id=run.program_id, status=RunStatus.PROPOSED).exclude(
        pk=run.pk
    ).update(status=RunStatus.SUPERSEDED)
    total = sum((pair.score for pair in pairs), Decimal("0.00"))
    MatchingRun.objects.filter(pk=run.pk).update(
        status=RunStatus.PROPOSED,
        progress=100,
        stage="",
        weights=candidates.weights,
        mentees_count=len(candidates.mentees),
        mentors_count=len(candidates.mentors),
        edges_count=int(candidates.allowed.sum()),
        matched=len(pairs),
        total_score=total,
        finished_at=timezone.now(),
        seconds=round(time.perf_counter() - started, 3),
    )


def mentee_move(*, run: MatchingRun, mentee: MenteeProfile, mentor: MentorProfile, by: User) -> MatchingRun:
    """Moves a mentee to the chosen mentor by hand: the pair is locked and the program matched again,
    so everybody else is re-placed as well as the move allows."""
    if run.status != RunStatus.PROPOSED:
        raise ValidationError("Перемещать можно только в действующем предложении.")
    pair_lock(program=run.program, mentee=mentee, mentor=mentor, by=by)
    return matching_start(program=run.program, by=by)


@transaction.atomic
def matching_discard(*, run: MatchingRun, by: User) -> MatchingRun:
    _require_runner(by, run.program)
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.PROPOSED:
        raise ValidationError("Отклонить можно только готовое и ещё не утверждённое предложение.")
    run.status = RunStatus.DISCARDED
    run.save(update_fields=["status", "updated_at"])
    return run


@transaction.atomic
def matching_confirm(*, run: MatchingRun, by: User) -> list[Mentorship]:
    """Creates the proposal's mentorships and the order forming them, all or nothing. Capacity and
    consent are checked again under row locks: two curators confirming at once never overfill a mentor."""
    program = (
        Program.objects.select_for_update().select_related("organization", "form").get(pk=run.program_id)
    )
    _require_runner(by, program)
    _require_open(program)
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != RunStatus.PROPOSED:
        raise ValidationError(
            "Утвердить можно только готовое предложение, которое не отклонено и не заменено."
        )
    proposed = list(
        run.pairs.select_related("mentee__person", "mentor__person", "mentor__person__organization").order_by(
            "mentor__person__last_name", "mentor__person__first_name", "mentor_id", "id"
        )
    )
    if not proposed:
        raise ValidationError("В предложении нет ни одной пары.")
    by_mentor: dict[int, tuple[MentorProfile, list[MenteeProfile]]] = {}
    for pair in proposed:
        by_mentor.setdefault(pair.mentor_id, (pair.mentor, []))[1].append(pair.mentee)
    groups = list(by_mentor.values())
    today = timezone.localdate()
    kind = DocumentKind.objects.filter(name=ORDER_KIND_NAME, municipality__isnull=True).first()
    if kind is None:
        raise ValidationError(f"В справочнике нет вида документа «{ORDER_KIND_NAME}».")
    content = pairs_order_docx(
        program, groups, day=today, curator_name=program.curator.get_full_name() if program.curator else ""
    )
    people = [
        person
        for person in [*(m.person for m, _ in groups), *(x.person for _, ms in groups for x in ms)]
        if person.organization_id == program.organization_id
    ]
    order = document_create(
        by=by,
        organization=program.organization,
        kind=kind,
        title=f"О формировании наставнических пар и групп по программе «{program.title}»"[:500],
        date=today,
        status=DocumentStatus.DRAFT,
        file=SimpleUploadedFile(
            "prikaz-o-formirovanii-par.docx",
            content,
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        people=people,
    )
    mentorships = mentorships_create_many(program=program, groups=groups, by=by, order=order)
    run.status = RunStatus.CONFIRMED
    run.confirmed_by = by
    run.confirmed_at = timezone.now()
    run.order_document = order
    run.save(update_fields=["status", "confirmed_by", "confirmed_at", "order_document", "updated_at"])
    MatchingRun.objects.filter(program=program, status=RunStatus.PROPOSED).update(status=RunStatus.SUPERSEDED)
    if program.pairs_formed_on is None:
        program.pairs_formed_on = today
        program.save(update_fields=["pairs_formed_on", "updated_at"])
    # Locks have done their work: the pairs exist now.
    PairRule.objects.filter(program=program, kind=PairRuleKind.LOCK).delete()
    return mentorships

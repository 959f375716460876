"""Background jobs of matching (django-tasks: the database queue in production, at once in development)."""

from __future__ import annotations

from django_tasks import task

from mentoring.matching.models import MatchingRun, RunStatus


@task()
def run_matching(run_id: int) -> None:
    run = MatchingRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).first()
    if run is None:  # discarded or already taken by another worker
        return
    from mentoring.matching.services import matching_execute

    matching_execute(run)

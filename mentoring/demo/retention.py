"""Retention in the demo: a pupil who left school and withdrew her consent two months ago has been
anonymised by the department's administrator, so the card of an anonymised person can be seen; the
demo's other withdrawn consents wait on the retention page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.organizations.models import Organization
from mentoring.people.anonymisation import person_anonymise
from mentoring.people.models import Consent, ConsentGiver, Person, PersonCategory
from mentoring.people.services import person_search_name


def load_demo_retention(organizations: dict[str, Organization]) -> int:
    """Returns how many people of the demo district are anonymised (one, however often it runs)."""
    school = organizations["brz-school-1"]
    people = Person.objects.filter(municipality=school.municipality)
    if not people.filter(anonymised_at__isnull=False).exists():
        today = timezone.localdate()
        leaver = Person.objects.create(
            municipality=school.municipality,
            organization=school,
            category=PersonCategory.objects.get(code=PersonCategory.PUPIL),
            last_name="Сорокина",
            first_name="Алина",
            patronymic="Игоревна",
            birth_date=datetime.date(today.year - 14, 4, 9),
            grade=8,
            class_letter="В",
            representative_name="Сорокина Ольга Петровна",
            representative_relation="мать",
            search_name=person_search_name("Сорокина", "Алина", "Игоревна"),
            is_archived=True,
            archived_at=timezone.now() - datetime.timedelta(days=70),
        )
        Consent.objects.create(
            person=leaver,
            given_by=ConsentGiver.REPRESENTATIVE,
            representative_name="Сорокина Ольга Петровна",
            given_on=today - datetime.timedelta(days=400),
            withdrawn_on=today - datetime.timedelta(days=60),
        )
        person_anonymise(by=User.objects.get(username="uo"), person=leaver)
    return people.filter(anonymised_at__isnull=False).count()

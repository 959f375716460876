"""Reads of the bases for pages, exports, matching and the API."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import people_visible_to
from mentoring.people.models import (
    Consent,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Person,
    valid_consent_q,
)
from mentoring.people.normalize import normalize_text


class RoleFilter:
    MENTOR = "mentor"
    MENTEE = "mentee"
    BOTH = "both"
    NONE = "none"
    CHOICES = [
        ("", "Все"),
        (MENTOR, "Наставники"),
        (MENTEE, "Наставляемые"),
        (BOTH, "И наставник, и наставляемый"),
        (NONE, "Ни в одной базе"),
    ]


@dataclass(frozen=True)
class PeopleFilters:
    q: str = ""
    organization_id: int | None = None
    category_id: int | None = None
    role: str = ""
    area_id: int | None = None
    form_id: int | None = None
    consent: str = ""  # "valid" | "missing" | ""
    mentee_status: str = ""
    archived: bool = False


def with_consent_flag(people: QuerySet[Person], day: datetime.date | None = None) -> QuerySet[Person]:
    """Annotates has_valid_consent (computed by the database for the given day)."""
    day = day or timezone.localdate()
    valid = Consent.objects.filter(valid_consent_q(day), person=OuterRef("pk"))
    return people.annotate(has_valid_consent=Exists(valid))


def with_duplicate_flag(people: QuerySet[Person]) -> QuerySet[Person]:
    """Annotates has_duplicate: another person of the municipality with the same name and birth date."""
    twins = Person.objects.filter(
        municipality_id=OuterRef("municipality_id"),
        search_name=OuterRef("search_name"),
        birth_date=OuterRef("birth_date"),
    ).exclude(pk=OuterRef("pk"))
    return people.annotate(has_duplicate=Exists(twins))


def person_list(*, visible_to: User, filters: PeopleFilters) -> QuerySet[Person]:
    """People the user may see, filtered, with the flags and profiles the list shows (three queries
    for a page: the count, the rows, the open requests)."""
    people = people_visible_to(visible_to).filter(is_archived=filters.archived)
    if filters.q:
        for word in normalize_text(filters.q).split()[:4]:
            people = people.filter(search_name__contains=word)
    if filters.organization_id:
        people = people.filter(organization_id=filters.organization_id)
    if filters.category_id:
        people = people.filter(category_id=filters.category_id)
    is_mentor = Exists(MentorProfile.objects.filter(person=OuterRef("pk")))
    is_mentee = Exists(MenteeProfile.objects.filter(person=OuterRef("pk")))
    if filters.role == RoleFilter.MENTOR:
        people = people.filter(is_mentor)
    elif filters.role == RoleFilter.MENTEE:
        people = people.filter(is_mentee)
    elif filters.role == RoleFilter.BOTH:
        people = people.filter(is_mentor, is_mentee)
    elif filters.role == RoleFilter.NONE:
        people = people.exclude(is_mentor).exclude(is_mentee)
    if filters.area_id:
        people = people.filter(
            Q(
                pk__in=MenteeRequest.objects.filter(area_id=filters.area_id, is_open=True).values(
                    "mentee__person_id"
                )
            )
            | Q(pk__in=MentorCompetency.objects.filter(area_id=filters.area_id).values("mentor__person_id"))
        )
    if filters.form_id:
        # Mentors who serve in the form, and mentees of the categories the form takes as mentees.
        mentee_categories = (
            apps.get_model("programs", "MentoringForm")
            .mentee_categories.through.objects.filter(mentoringform_id=filters.form_id)
            .values("personcategory_id")
        )
        people = people.filter(
            Q(mentor_profile__forms=filters.form_id)
            | Q(mentee_profile__isnull=False, category_id__in=mentee_categories)
        )
    if filters.mentee_status:
        people = people.filter(mentee_profile__status=filters.mentee_status)
    valid_consent = Exists(
        Consent.objects.filter(valid_consent_q(timezone.localdate()), person=OuterRef("pk"))
    )
    if filters.consent == "valid":
        people = people.filter(valid_consent)
    elif filters.consent == "missing":
        people = people.exclude(valid_consent)
    people = with_duplicate_flag(with_consent_flag(people))
    return people.select_related(
        "organization", "category", "mentee_profile", "mentee_profile__subtype", "mentor_profile"
    ).order_by("last_name", "first_name", "patronymic", "id")


def person_card(person: Person) -> Person:
    """Loads everything the person card shows onto the person, in a fixed number of queries."""
    return (
        with_duplicate_flag(with_consent_flag(Person.objects.filter(pk=person.pk)))
        .select_related(
            "organization",
            "organization__municipality",
            "category",
            "subject",
            "user",
            "mentee_profile",
            "mentee_profile__subtype",
            "mentor_profile",
        )
        .prefetch_related(
            Prefetch("consents", queryset=Consent.objects.select_related("recorded_by")),
            Prefetch(
                "mentee_profile__requests",
                queryset=MenteeRequest.objects.select_related("area", "subject"),
            ),
            Prefetch(
                "mentor_profile__competencies",
                queryset=MentorCompetency.objects.select_related("area", "subject"),
            ),
            "mentor_profile__forms",
        )
        .get()
    )


def people_with_valid_consent(people: QuerySet[Person], day: datetime.date | None = None) -> QuerySet[Person]:
    """Only people whose personal data may be processed on the day: exports and matching use this."""
    day = day or timezone.localdate()
    return people.filter(Exists(Consent.objects.filter(valid_consent_q(day), person=OuterRef("pk"))))


def mentees_available_for_matching(
    *, organization_ids: list[int], day: datetime.date | None = None
) -> QuerySet[MenteeProfile]:
    """Mentees waiting for a mentor, not archived, with valid consent: the only ones matching may offer."""
    day = day or timezone.localdate()
    return (
        MenteeProfile.objects.filter(
            status="waiting",
            person__organization_id__in=organization_ids,
            person__is_archived=False,
        )
        .filter(Exists(Consent.objects.filter(valid_consent_q(day), person=OuterRef("person_id"))))
        .select_related("person", "person__category", "subtype")
        .prefetch_related(Prefetch("requests", queryset=MenteeRequest.objects.filter(is_open=True)))
    )


def mentors_available_for_matching(
    *, organization_ids: list[int], day: datetime.date | None = None
) -> QuerySet[MentorProfile]:
    """Active mentors, not archived, with valid consent."""
    day = day or timezone.localdate()
    return (
        MentorProfile.objects.filter(
            is_active=True,
            person__organization_id__in=organization_ids,
            person__is_archived=False,
        )
        .filter(Exists(Consent.objects.filter(valid_consent_q(day), person=OuterRef("person_id"))))
        .select_related("person", "person__category")
        .prefetch_related("competencies")
    )

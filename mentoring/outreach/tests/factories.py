"""Outreach records for tests, saved directly (the services are tested on their own)."""

from __future__ import annotations

import datetime
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.organizations.models import Organization
from mentoring.outreach.models import (
    Award,
    CampaignEntry,
    Contest,
    ContestEntry,
    Enrolment,
    InformationLetter,
    InformationResource,
    LetterAttachment,
    LetterReceipt,
    LetterStatus,
    NewsItem,
    PortalContact,
    PortalSettings,
    RecognitionEvent,
    Training,
)
from mentoring.people.models import Consent, ConsentGiver, MentorProfile, Person
from mentoring.people.tests.factories import MentorProfileFactory, TeacherFactory

SMALL_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
SMALL_PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


class InformationLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationLetter
        skip_postgeneration_save = True

    municipality = factory.SubFactory("mentoring.organizations.tests.factories.MunicipalityFactory")
    subject = factory.Sequence(lambda n: f"О реализации целевой модели наставничества № {n}")
    body = "Информируем о ходе реализации целевой модели наставничества."
    created_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


def sent_letter(
    *, by: User, to: list[Organization], read_by: dict[int, User] | None = None, **fields: Any
) -> InformationLetter:
    """A sent letter with a receipt for each organization; `read_by` maps organization ids to readers."""
    letter = InformationLetterFactory(
        municipality=to[0].municipality,
        created_by=by,
        sent_by=by,
        status=LetterStatus.SENT,
        sent_at=timezone.now(),
        to_all=False,
        **fields,
    )
    for organization in to:
        reader = (read_by or {}).get(organization.pk)
        LetterReceipt.objects.create(
            letter=letter,
            organization=organization,
            read_by=reader,
            read_at=timezone.now() if reader else None,
        )
    return letter


def attach_to(letter: InformationLetter) -> LetterAttachment:
    attachment = LetterAttachment(
        letter=letter, file_name="положение.pdf", file_size=len(SMALL_PDF), file_kind="PDF"
    )
    attachment.file.save("attachment.pdf", ContentFile(SMALL_PDF), save=False)
    attachment.save()
    return attachment


class InformationResourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InformationResource

    organization = factory.SubFactory("mentoring.organizations.tests.factories.OrganizationFactory")
    kind = "social_group"
    title = factory.Sequence(lambda n: f"Группа школы № {n}")
    url = "https://vk.com/school"


class CampaignEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CampaignEntry

    organization = factory.SubFactory("mentoring.organizations.tests.factories.OrganizationFactory")
    date = datetime.date(2025, 10, 1)
    title = factory.Sequence(lambda n: f"Публикация о наставничестве № {n}")
    audiences = "parents,pupils"
    channel = "site"
    created_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


def with_photo(entry: CampaignEntry) -> CampaignEntry:
    entry.file_name, entry.file_kind, entry.file_size = "фото.png", "PNG", len(SMALL_PNG)
    entry.photo.save("photo.png", ContentFile(SMALL_PNG), save=True)
    return entry


class PortalSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortalSettings

    municipality = factory.SubFactory("mentoring.organizations.tests.factories.MunicipalityFactory")
    title = "Наставничество в Сеченовском районе"
    intro = "Целевая модель наставничества помогает ученикам и молодым педагогам.\n\nСтаньте наставником."
    contacts = "Управление образования, с. Сеченово, ул. Советская, д. 1"
    is_published = True


def with_logo(portal: PortalSettings) -> PortalSettings:
    portal.file_name, portal.file_kind, portal.file_size = "logo.png", "PNG", len(SMALL_PNG)
    portal.logo.save("logo.png", ContentFile(SMALL_PNG), save=True)
    return portal


class NewsItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsItem

    municipality = factory.SubFactory("mentoring.organizations.tests.factories.MunicipalityFactory")
    title = factory.Sequence(lambda n: f"Новость о наставничестве № {n}")
    text = "В школах района сформированы наставнические пары."
    published_on = datetime.date(2025, 10, 1)
    created_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


class PortalContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortalContact

    user = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")
    organization = factory.SubFactory("mentoring.organizations.tests.factories.OrganizationFactory")
    phone = "+7 (831) 934-20-11"
    consented_at = factory.LazyFunction(timezone.now)


class TrainingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Training

    organization = factory.SubFactory("mentoring.organizations.tests.factories.OrganizationFactory")
    municipality = factory.LazyAttribute(lambda training: training.organization.municipality)
    title = factory.Sequence(lambda n: f"Школа наставника, поток {n}")
    provider = "ГБОУ ДПО НИРО"
    format = "remote"
    audience = "both"
    hours = 36
    starts_on = datetime.date(2025, 10, 1)
    ends_on = datetime.date(2025, 10, 25)
    created_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    training = factory.SubFactory(TrainingFactory)
    person = factory.SubFactory(TeacherFactory)
    organization = factory.LazyAttribute(lambda enrolment: enrolment.person.organization)
    enrolled_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


class ContestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contest

    municipality = factory.SubFactory("mentoring.organizations.tests.factories.MunicipalityFactory")
    title = "Наставник52"
    level = "regional"
    year = 2025
    nominations = factory.LazyFunction(lambda: ["Наставник молодого педагога", "Наставник обучающихся"])
    starts_on = datetime.date(2025, 9, 15)
    ends_on = datetime.date(2025, 12, 10)
    created_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


class ContestEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContestEntry

    contest = factory.SubFactory(ContestFactory)
    organization = factory.SubFactory("mentoring.organizations.tests.factories.OrganizationFactory")
    nomination = "Наставник обучающихся"
    submitted_on = datetime.date(2025, 9, 20)
    created_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


class RecognitionEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecognitionEvent

    municipality = factory.SubFactory("mentoring.organizations.tests.factories.MunicipalityFactory")
    kind = "mentor_day"
    title = "День наставника"
    date = datetime.date(2026, 3, 2)
    created_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Award

    person = factory.SubFactory(TeacherFactory)
    organization = factory.LazyAttribute(lambda award: award.person.organization)
    kind = "Благодарственное письмо"
    date = datetime.date(2025, 12, 20)
    reason = "За успешное сопровождение молодого педагога"
    created_by = factory.SubFactory("mentoring.accounts.tests.factories.UserFactory")


def with_scan(record: Any, field: str = "file") -> Any:
    record.file_name, record.file_kind, record.file_size = "скан.pdf", "PDF", len(SMALL_PDF)
    getattr(record, field).save("scan.pdf", ContentFile(SMALL_PDF), save=True)
    return record


def mentor_in(
    organization: Organization,
    *,
    user: User | None = None,
    publish: bool = False,
    consent: bool = True,
    **fields: Any,
) -> MentorProfile:
    """A teacher in the organization's mentor base with a valid consent (allowing publication or not)."""
    person: Person = TeacherFactory(organization=organization, user=user, **fields)
    if consent:
        Consent.objects.create(
            person=person,
            given_by=ConsentGiver.PERSON,
            given_on=datetime.date(2025, 9, 1),
            allows_publication=publish,
        )
    return MentorProfileFactory(person=person)

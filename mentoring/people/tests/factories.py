import datetime

import factory

from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MentorCompetency,
    MentorProfile,
    Person,
    PersonCategory,
    SupportArea,
)
from mentoring.people.services import person_search_name


class PersonFactory(factory.django.DjangoModelFactory):
    """A pupil of 7А by default; pass organization= to place them."""

    class Meta:
        model = Person

    organization = factory.SubFactory("mentoring.organizations.tests.factories.OrganizationFactory")
    municipality = factory.LazyAttribute(lambda person: person.organization.municipality)
    category = factory.LazyFunction(lambda: PersonCategory.objects.get(code=PersonCategory.PUPIL))
    last_name = factory.Sequence(lambda n: ["Иванов", "Петров", "Сидоров", "Кузнецов"][n % 4])
    first_name = factory.Sequence(lambda n: ["Иван", "Пётр", "Семён", "Олег"][n % 4])
    patronymic = "Андреевич"
    birth_date = datetime.date(2012, 5, 17)
    grade = 7
    class_letter = "А"
    class_year = 2025
    search_name = factory.LazyAttribute(
        lambda person: person_search_name(person.last_name, person.first_name, person.patronymic)
    )


class TeacherFactory(PersonFactory):
    category = factory.LazyFunction(lambda: PersonCategory.objects.get(code=PersonCategory.TEACHER))
    birth_date = datetime.date(1980, 3, 3)
    grade = None
    class_letter = ""
    class_year = None
    experience_years = 20


class ConsentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consent

    person = factory.SubFactory(PersonFactory)
    given_by = ConsentGiver.REPRESENTATIVE
    representative_name = "Иванова Мария Петровна"
    given_on = datetime.date(2025, 9, 1)


class MenteeProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeProfile

    person = factory.SubFactory(PersonFactory)
    joined_on = datetime.date(2025, 9, 1)


class MentorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorProfile

    person = factory.SubFactory(TeacherFactory)
    joined_on = datetime.date(2025, 9, 1)
    capacity = 2


def support_area(name: str = "Результаты по предмету") -> SupportArea:
    return SupportArea.objects.get(name=name, organization__isnull=True)


class MenteeRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MenteeRequest

    mentee = factory.SubFactory(MenteeProfileFactory)
    area = factory.LazyFunction(lambda: support_area("Адаптация в новом классе или школе"))
    school_year = 2025


class MentorCompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorCompetency

    mentor = factory.SubFactory(MentorProfileFactory)
    area = factory.LazyFunction(lambda: support_area("Классное руководство"))

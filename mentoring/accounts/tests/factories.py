import datetime

import factory

from mentoring.accounts.models import Membership, Role, User
from mentoring.organizations.tests.factories import OrganizationFactory

TEST_PASSWORD = "Kolokol-2021-test"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Петров"
    first_name = "Пётр"
    patronymic = "Петрович"
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.ru")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            self.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.MENTOR
    started_on = datetime.date(2021, 1, 11)

import factory

from mentoring.organizations.models import Municipality, Organization, OrganizationKind


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"Тестовый муниципальный район {n}")
    code = factory.Sequence(lambda n: f"muni-{n}")
    region = "Нижегородская область"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = OrganizationKind.SCHOOL
    full_name = factory.Sequence(
        lambda n: f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n}»"
    )
    short_name = factory.Sequence(lambda n: f"МБОУ Школа № {n}")
    code = factory.Sequence(lambda n: f"org-{n}")

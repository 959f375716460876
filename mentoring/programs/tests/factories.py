import datetime

import factory
from django.core.files.base import ContentFile

from mentoring.programs.models import MentoringForm, Program, ProgramAttachment, ProgramStage


def default_form(code: str = "pupil-pupil") -> MentoringForm:
    return MentoringForm.objects.get(code=code, municipality__isnull=True)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    organization = factory.SubFactory("mentoring.organizations.tests.factories.OrganizationFactory")
    title = factory.Sequence(lambda n: f"Программа «Вместе к успеху» № {n}")
    form = factory.LazyFunction(default_form)
    goals = "Повышение учебных результатов и вовлечённости обучающихся."
    starts_on = datetime.date(2025, 9, 1)
    ends_on = datetime.date(2026, 5, 31)
    max_group_size = 3


class ProgramStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramStage

    program = factory.SubFactory(ProgramFactory)
    position = 1
    title = "Встреча-знакомство"


def attach(program: Program, *, by, title: str = "Текст программы", shared: bool = True) -> ProgramAttachment:
    attachment = ProgramAttachment(program=program, title=title, is_shared=shared, uploaded_by=by)
    attachment.file.save("programma.pdf", ContentFile(b"%PDF-1.4 program text"), save=False)
    attachment.save()
    return attachment

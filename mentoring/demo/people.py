"""The demo district's bases of mentors and mentees: pupils, teachers and partner employees with
requests, competencies and consents (a few without consent, one withdrawn), so that every list,
filter and card of the people pages has something to show.

Deterministic (no randomness: everything follows from the position of a person in the lists) and
idempotent (people are keyed by their external id «demo-…»; existing ones are left alone).
"""

from __future__ import annotations

import datetime

from django.db import transaction

from mentoring.accounts.models import User
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.people.models import (
    Consent,
    ConsentGiver,
    MenteeProfile,
    MenteeRequest,
    MenteeStatus,
    MenteeSubtype,
    MentorCompetency,
    MentorProfile,
    Person,
    PersonCategory,
    RaisedBy,
    Sex,
    Subject,
    SupportArea,
    TrainingStatus,
)
from mentoring.people.services import current_school_year, person_search_name
from mentoring.programs.models import MentoringForm

_BOYS = ["Артём", "Максим", "Иван", "Матвей", "Кирилл", "Егор", "Никита", "Даниил", "Тимофей", "Роман"]
_GIRLS = ["София", "Анна", "Мария", "Алиса", "Виктория", "Полина", "Ева", "Дарья", "Варвара", "Ксения"]
_FATHERS = ["Александрович", "Сергеевич", "Дмитриевич", "Андреевич", "Алексеевич", "Игоревич", "Павлович"]
_SURNAMES = [
    ("Смирнов", "Смирнова"), ("Козлов", "Козлова"), ("Лебедев", "Лебедева"), ("Макаров", "Макарова"),
    ("Никитин", "Никитина"), ("Захаров", "Захарова"), ("Зуев", "Зуева"), ("Белов", "Белова"),
    ("Комаров", "Комарова"), ("Орлов", "Орлова"), ("Киселёв", "Киселёва"), ("Титов", "Титова"),
    ("Фролов", "Фролова"), ("Тарасов", "Тарасова"), ("Ефимов", "Ефимова"), ("Гордеев", "Гордеева"),
    ("Мельников", "Мельникова"), ("Щербаков", "Щербакова"), ("Поляков", "Полякова"), ("Крылов", "Крылова"),
]  # fmt: skip
_MOTHERS = ["Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Юлия", "Марина"]

PUPILS_PER_ORGANIZATION = 12
TEACHERS_PER_SCHOOL = 4
EMPLOYEES_PER_PARTNER = 3

# Requests of mentees and competencies of mentors, by support area name and subject.
_PUPIL_REQUESTS = [
    ("Результаты по предмету", "Математика"),
    ("Подготовка к ОГЭ/ЕГЭ", "Русский язык"),
    ("Адаптация в новом классе или школе", None),
    ("Профориентация", None),
    ("Подготовка к олимпиаде или конкурсу", "Физика"),
    ("Общение и лидерство", None),
    ("Ликвидация пробелов в знаниях", "Английский язык"),
]
_PUPIL_COMPETENCIES = [
    ("Результаты по предмету", "Математика"),
    ("Подготовка к ОГЭ/ЕГЭ", "Русский язык"),
    ("Общение и лидерство", None),
    ("Подготовка к олимпиаде или конкурсу", "Физика"),
]
_TEACHER_COMPETENCIES = [
    ("Методика преподавания предмета", "Математика"),
    ("Классное руководство", None),
    ("Работа с родителями", None),
    ("Дисциплина на уроке", None),
    ("Цифровые инструменты", None),
]
_TEACHER_REQUESTS = [("Планирование уроков", "Русский язык"), ("Работа с родителями", None)]
_PARTNER_COMPETENCIES = [
    ("Профориентация", None),
    ("Проект (исследовательский, социальный, предпринимательский, творческий)", None),
]


def _name(index: int) -> tuple[str, str, str, str]:
    male = index % 2 == 0
    surname = _SURNAMES[index % len(_SURNAMES)][0 if male else 1]
    first = (_BOYS if male else _GIRLS)[(index // 2) % len(_BOYS)]
    father = _FATHERS[index % len(_FATHERS)]
    patronymic = father if male else father.replace("ович", "овна").replace("евич", "евна")
    return surname, first, patronymic, Sex.MALE if male else Sex.FEMALE


class _Catalogue:
    """Reference rows looked up once."""

    def __init__(self) -> None:
        self.categories = {c.code: c for c in PersonCategory.objects.all()}
        self.subtypes = {s.name: s for s in MenteeSubtype.objects.all()}
        self.subjects = {s.name: s for s in Subject.objects.all()}
        self.areas = {a.name: a for a in SupportArea.objects.filter(organization__isnull=True)}
        self.forms = {f.code: f for f in MentoringForm.objects.filter(municipality__isnull=True)}

    def area(self, name: str) -> SupportArea:
        return self.areas[name]

    def subject(self, name: str | None) -> Subject | None:
        return self.subjects[name] if name else None


def _consent(person: Person, index: int, school_year: int, recorder: User | None) -> None:
    """Nine people of ten have a consent; every seventeenth consent was withdrawn."""
    if index % 10 == 9:
        return
    given_on = datetime.date(school_year, 9, 1 + index % 20)
    minor = person.is_minor_on(given_on)
    Consent.objects.create(
        person=person,
        given_by=ConsentGiver.REPRESENTATIVE if minor else ConsentGiver.PERSON,
        representative_name=person.representative_name if minor else "",
        given_on=given_on,
        allows_processing=True,
        allows_publication=index % 4 == 0,
        withdrawn_on=datetime.date(school_year, 10, 15) if index % 17 == 16 else None,
        recorded_by=recorder,
    )


# The demo users mentor1 and mentee1 find themselves in the bases under their own names.
_NAMED = {
    "demo-school-1-teacher-1": ("Егорова", "Мария", "Дмитриевна", Sex.FEMALE, "mentor1"),
    "demo-school-1-pupil-2": ("Киселёв", "Артём", "Романович", Sex.MALE, "mentee1"),
}


def _female_surname(surname: str) -> str:
    if surname.endswith("ий"):
        return surname[:-2] + "ая"
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    return surname


def _person(
    organization: Organization, key: str, category: PersonCategory, index: int, **fields: object
) -> Person | None:
    external_id = f"demo-{organization.code.removeprefix('brz-')}-{key}"
    if Person.objects.filter(municipality_id=organization.municipality_id, external_id=external_id).exists():
        return None
    surname, first, patronymic, sex = _name(index)
    user = None
    if external_id in _NAMED:
        surname, first, patronymic, sex, username = _NAMED[external_id]
        user = User.objects.filter(username=username).first()
    mother = fields.pop("mother", None)
    if mother:
        fields["representative_name"] = f"{_female_surname(surname)} {mother} Викторовна"
    values = {
        "last_name": surname,
        "first_name": first,
        "patronymic": patronymic,
        "sex": sex,
        "user": user,
        **fields,
    }
    person = Person(
        municipality_id=organization.municipality_id,
        organization=organization,
        category=category,
        external_id=external_id,
        search_name=person_search_name(
            str(values["last_name"]), str(values["first_name"]), str(values["patronymic"])
        ),
        **values,
    )
    person.full_clean()
    person.save()
    return person


def _pupils(
    organization: Organization, base: int, catalogue: _Catalogue, school_year: int, recorder: User | None
) -> None:
    pupil = catalogue.categories[PersonCategory.PUPIL]
    for number in range(PUPILS_PER_ORGANIZATION):
        index = base + number
        grade = 5 + number % 7  # grades 5..11
        person = _person(
            organization,
            f"pupil-{number + 1}",
            pupil,
            index,
            birth_date=datetime.date(school_year - grade - 6, 1 + index % 12, 1 + index % 27),
            grade=grade,
            class_year=school_year,
            class_letter="АБ"[number % 2],
            mother=_MOTHERS[index % len(_MOTHERS)],
            representative_relation="мать",
            representative_phone=f"+7 (910) {100 + index % 900:03d}-{10 + index % 90:02d}-{20 + index % 80:02d}",
        )
        if person is None:
            continue
        _consent(person, index, school_year, recorder)
        if grade >= 9 and number % 2 == 0:
            mentor = MentorProfile.objects.create(
                person=person,
                capacity=1 + number % 2,
                availability="пн, ср после уроков",
                joined_on=datetime.date(school_year, 9, 10),
                training_status=TrainingStatus.TRAINED if number % 4 == 0 else TrainingStatus.IN_TRAINING,
                was_mentee=number % 3 == 0,
            )
            mentor.forms.set([catalogue.forms[code] for code in ("pupil-pupil",)])
            area, subject = _PUPIL_COMPETENCIES[index % len(_PUPIL_COMPETENCIES)]
            MentorCompetency.objects.create(
                mentor=mentor, area=catalogue.area(area), subject=catalogue.subject(subject)
            )
        else:
            subtype_name = ["Неуспевающий", "Пассивный", "Активный", "Одарённый", "С ОВЗ"][index % 5]
            mentee = MenteeProfile.objects.create(
                person=person,
                subtype=catalogue.subtypes[subtype_name],
                joined_on=datetime.date(school_year, 9, 5),
                status=MenteeStatus.IN_MENTORSHIP if number % 3 == 0 else MenteeStatus.WAITING,
            )
            for shift in range(1 + number % 2):
                area, subject = _PUPIL_REQUESTS[(index + shift) % len(_PUPIL_REQUESTS)]
                MenteeRequest.objects.create(
                    mentee=mentee,
                    area=catalogue.area(area),
                    subject=catalogue.subject(subject),
                    priority=1 + (index + shift) % 3,
                    raised_by=[RaisedBy.SELF, RaisedBy.CLASS_TEACHER, RaisedBy.PARENT, RaisedBy.PSYCHOLOGIST][
                        index % 4
                    ],
                    school_year=school_year,
                )


def _teachers(
    organization: Organization, base: int, catalogue: _Catalogue, school_year: int, recorder: User | None
) -> None:
    teacher = catalogue.categories[PersonCategory.TEACHER]
    subjects = ["Математика", "Русский язык", "История", "Биология"]
    for number in range(TEACHERS_PER_SCHOOL):
        index = base + number
        young = number == TEACHERS_PER_SCHOOL - 1
        person = _person(
            organization,
            f"teacher-{number + 1}",
            teacher,
            index,
            birth_date=datetime.date(school_year - (24 if young else 38 + 3 * number), 3 + number, 12),
            position="учитель",
            subject=catalogue.subject(subjects[number]),
            experience_years=1 if young else 12 + 4 * number,
            phone=f"+7 (920) {200 + index % 700:03d}-{30 + index % 60:02d}-{40 + index % 50:02d}",
        )
        if person is None:
            continue
        _consent(person, index, school_year, recorder)
        if young:
            mentee = MenteeProfile.objects.create(
                person=person,
                subtype=catalogue.subtypes["Молодой специалист"],
                joined_on=datetime.date(school_year, 9, 1),
            )
            for area, subject in _TEACHER_REQUESTS:
                MenteeRequest.objects.create(
                    mentee=mentee,
                    area=catalogue.area(area),
                    subject=catalogue.subject(subject),
                    raised_by=RaisedBy.ADMINISTRATION,
                    school_year=school_year,
                )
        else:
            mentor = MentorProfile.objects.create(
                person=person,
                capacity=2,
                availability="вторник, четверг после 14:00",
                joined_on=datetime.date(school_year - 1, 9, 1),
                training_status=TrainingStatus.TRAINED,
            )
            mentor.forms.set(
                [
                    catalogue.forms[code]
                    for code in (
                        "teacher-teacher",
                        "teacher-pupil",
                    )
                ]
            )
            for shift in range(2):
                area, subject = _TEACHER_COMPETENCIES[(index + shift) % len(_TEACHER_COMPETENCIES)]
                MentorCompetency.objects.create(
                    mentor=mentor, area=catalogue.area(area), subject=catalogue.subject(subject)
                )


def _partner_employees(
    organization: Organization, base: int, catalogue: _Catalogue, school_year: int, recorder: User | None
) -> None:
    employee = catalogue.categories[PersonCategory.PARTNER_EMPLOYEE]
    for number in range(EMPLOYEES_PER_PARTNER):
        index = base + number
        person = _person(
            organization,
            f"employee-{number + 1}",
            employee,
            index,
            birth_date=datetime.date(school_year - 30 - 5 * number, 6, 2 + number),
            position=["инженер", "технолог", "специалист по кадрам"][number],
        )
        if person is None:
            continue
        _consent(person, index, school_year, recorder)
        mentor = MentorProfile.objects.create(
            person=person,
            capacity=3,
            availability="суббота, по договорённости",
            joined_on=datetime.date(school_year, 10, 1),
            training_status=TrainingStatus.NOT_TRAINED if number == 2 else TrainingStatus.TRAINED,
        )
        mentor.forms.set([catalogue.forms[code] for code in ("employer-pupil",)])
        area, subject = _PARTNER_COMPETENCIES[number % len(_PARTNER_COMPETENCIES)]
        MentorCompetency.objects.create(
            mentor=mentor, area=catalogue.area(area), subject=catalogue.subject(subject)
        )


@transaction.atomic
def load_demo_people(organizations: dict[str, Organization]) -> int:
    """Fills the bases of the demo district; returns the number of people it holds."""
    catalogue = _Catalogue()
    school_year = current_school_year()
    recorder = User.objects.filter(username="curator1").first()
    base = 0
    for code, organization in sorted(organizations.items()):
        if organization.kind in (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY):
            _pupils(organization, base, catalogue, school_year, recorder)
            base += PUPILS_PER_ORGANIZATION
            if organization.kind == OrganizationKind.SCHOOL:
                _teachers(organization, base, catalogue, school_year, recorder)
                base += TEACHERS_PER_SCHOOL
        elif organization.kind == OrganizationKind.PARTNER and code in (
            "brz-partner-1",
            "brz-partner-2",
            "brz-partner-3",
        ):
            _partner_employees(organization, base, catalogue, school_year, recorder)
            base += EMPLOYEES_PER_PARTNER
    municipality_ids = {o.municipality_id for o in organizations.values()}
    return Person.objects.filter(municipality_id__in=municipality_ids).count()

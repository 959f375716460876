"""People of the municipality and the bases of mentors and mentees built from them (roadmap 2.3, 4.1, 4.2)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import code_validator, person_name, phone_number, plain_text

YOUNG_SPECIALIST_MAX_YEARS = 3
ADULT_AGE = 18


# --- reference data (editable, shipped with defaults by a data migration) --------------------------


class PersonCategory(models.Model):
    """Pupil, teacher, alumnus, student, partner employee, parent, other. No personal data.

    The code is what the program relies on (a pupil has a class, a teacher has experience); the name
    and the import synonyms are editable.
    """

    PUPIL = "pupil"
    TEACHER = "teacher"
    ALUMNUS = "alumnus"
    STUDENT = "student"
    PARTNER_EMPLOYEE = "partner_employee"
    PARENT = "parent"
    OTHER = "other"

    code = models.CharField("код", max_length=40, unique=True, validators=[code_validator])
    name = models.CharField("наименование", max_length=100, validators=[plain_text])
    synonyms = models.CharField(
        "синонимы для импорта",
        max_length=500,
        blank=True,
        validators=[plain_text],
        help_text="Через запятую: как эту категорию могут называть в таблицах школ.",
    )
    position = models.PositiveSmallIntegerField("порядок", default=0)

    class Meta:
        verbose_name = "категория участников"
        verbose_name_plural = "категории участников"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class MenteeSubtype(models.Model):
    """A kind of mentee (неуспевающий, одарённый, молодой специалист...). No personal data.

    `priority` weighs the mentee in matching: a higher number is served first.
    """

    name = models.CharField("наименование", max_length=100, unique=True, validators=[plain_text])
    categories = models.ManyToManyField(PersonCategory, verbose_name="для категорий", related_name="subtypes")
    priority = models.PositiveSmallIntegerField(
        "приоритет при подборе", default=1, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "подтип наставляемого"
        verbose_name_plural = "подтипы наставляемых"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Subject(models.Model):
    """A school subject. No personal data."""

    name = models.CharField("предмет", max_length=100, unique=True, validators=[plain_text])
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "предмет"
        verbose_name_plural = "предметы"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    PUPILS = "pupils", "Обучающиеся"
    TEACHERS = "teachers", "Педагоги"
    ALL = "all", "Все"


class SupportArea(models.Model):
    """One entry of the catalogue that is at once a mentee's request and a mentor's competency
    («результаты по предмету», «подготовка к ОГЭ/ЕГЭ», «работа с родителями»...). No personal data.

    Three levels: the system's defaults (neither municipality nor organization; superusers keep them),
    a municipality's additions (its department) and an organization's own (its head or curator).
    """

    name = models.CharField("направление", max_length=200, validators=[plain_text])
    audience = models.CharField("для кого", max_length=10, choices=Audience.choices, default=Audience.ALL)
    needs_subject = models.BooleanField("указывается предмет", default=False)
    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_areas",
        verbose_name="муниципалитет",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_areas",
        verbose_name="организация",
    )
    is_active = models.BooleanField("используется", default=True)

    class Meta:
        verbose_name = "направление запроса / компетенции"
        verbose_name_plural = "направления запросов и компетенций"
        ordering = ["audience", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(organization__isnull=True, municipality__isnull=True),
                name="unique_default_support_area",
                violation_error_message="Такое направление уже есть в общем каталоге.",
            ),
            models.UniqueConstraint(
                fields=["municipality", "name"],
                condition=Q(organization__isnull=True),
                name="unique_municipal_support_area",
                violation_error_message="Такое направление уже есть в каталоге муниципалитета.",
            ),
            models.CheckConstraint(
                condition=Q(organization__isnull=True) | Q(municipality__isnull=True),
                name="support_area_has_one_owner",
            ),
            models.UniqueConstraint(
                fields=["organization", "name"],
                name="unique_support_area_per_organization",
                violation_error_message="Такое направление уже есть в каталоге организации.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def owner_label(self) -> str:
        if self.organization_id:
            return self.organization.short_name  # type: ignore[union-attr]
        if self.municipality_id:
            return "муниципальный"
        return "общий"


def support_areas_for(organization_id: int, municipality_id: int) -> Q:
    """The catalogue an organization works with: defaults, its municipality's and its own entries."""
    return (
        Q(organization__isnull=True, municipality__isnull=True)
        | Q(municipality_id=municipality_id)
        | Q(organization_id=organization_id)
    )


# --- people -------------------------------------------------------------------------------------


class Sex(models.TextChoices):
    MALE = "M", "мужской"
    FEMALE = "F", "женский"


class Person(TimeStampedModel):
    """One human within a municipality: a pupil, a teacher, an alumnus, a partner's employee...

    Personal data: full name, birth date, sex, class, position, subject and experience, e-mail and
    phone, the legal representative's name, relation and phone, an external id in other systems, free
    notes and, where the person has one, the link to the user account. Every view of a person card and
    every export is written to the personal-data access log.
    """

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name="муниципалитет",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name="организация",
    )
    category = models.ForeignKey(
        PersonCategory, on_delete=models.PROTECT, related_name="people", verbose_name="категория"
    )
    last_name = models.CharField("фамилия", max_length=100, validators=[person_name])
    first_name = models.CharField("имя", max_length=100, validators=[person_name])
    patronymic = models.CharField("отчество", max_length=100, blank=True, validators=[person_name])
    birth_date = models.DateField("дата рождения", null=True, blank=True)
    sex = models.CharField("пол", max_length=1, choices=Sex.choices, blank=True)
    grade = models.PositiveSmallIntegerField(
        "класс (параллель)", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(11)]
    )
    class_letter = models.CharField("литера класса", max_length=3, blank=True, validators=[plain_text])
    # The school year (its starting calendar year) the class refers to; the roll-over advances it.
    class_year = models.PositiveSmallIntegerField("учебный год класса", null=True, blank=True, editable=False)
    position = models.CharField("должность", max_length=200, blank=True, validators=[plain_text])
    subject = models.ForeignKey(
        Subject,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teachers",
        verbose_name="предмет",
    )
    experience_years = models.PositiveSmallIntegerField(
        "педагогический стаж, лет", null=True, blank=True, validators=[MaxValueValidator(70)]
    )
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("телефон", max_length=30, blank=True, validators=[phone_number])
    representative_name = models.CharField(
        "законный представитель (ФИО)", max_length=300, blank=True, validators=[plain_text]
    )
    representative_relation = models.CharField(
        "кем приходится",
        max_length=50,
        blank=True,
        validators=[plain_text],
        help_text="мать, отец, опекун...",
    )
    representative_phone = models.CharField(
        "телефон представителя", max_length=30, blank=True, validators=[phone_number]
    )
    external_id = models.CharField(
        "внешний идентификатор",
        max_length=64,
        blank=True,
        validators=[plain_text],
        help_text="Идентификатор в Навигаторе или электронном журнале.",
    )
    notes = models.TextField("примечания", blank=True, max_length=2000)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name="учётная запись",
    )
    # Lower-case «фамилия имя отчество» with ё→е: search and duplicate detection use it.
    search_name = models.CharField(max_length=310, editable=False, db_index=True)
    is_archived = models.BooleanField("в архиве", default=False)
    archived_at = models.DateTimeField("перенесён в архив", null=True, blank=True)
    # Set once the person's data were anonymised (mentoring.people.anonymisation): the row stays for the
    # figures it counts in, without anything that could identify the human.
    anonymised_at = models.DateTimeField("обезличен", null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "участник"
        verbose_name_plural = "участники"
        ordering = ["last_name", "first_name", "patronymic", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "external_id"],
                condition=~Q(external_id=""),
                name="unique_external_id_in_municipality",
                violation_error_message="Участник с таким внешним идентификатором уже есть в муниципалитете.",
            ),
            models.CheckConstraint(
                condition=Q(is_archived=False) | Q(archived_at__isnull=False),
                name="archived_person_has_archive_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "is_archived", "last_name", "first_name"], name="person_org_list_idx"
            ),
            models.Index(fields=["municipality", "search_name", "birth_date"], name="person_duplicate_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)

    @property
    def school_class(self) -> str:
        return f"{self.grade}{self.class_letter}" if self.grade else ""

    def age_on(self, day: datetime.date) -> int | None:
        if self.birth_date is None:
            return None
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - int(before_birthday)

    def is_minor_on(self, day: datetime.date) -> bool:
        age = self.age_on(day)
        return age is not None and age < ADULT_AGE

    @property
    def is_young_specialist(self) -> bool:
        return self.experience_years is not None and self.experience_years <= YOUNG_SPECIALIST_MAX_YEARS


class SchoolYearPlacement(models.Model):
    """Which class (or category) a person was in during a school year, kept by the year roll-over.

    Personal data: the class and category of one person in one school year.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placements")
    school_year = models.PositiveSmallIntegerField("учебный год (начало)")
    category = models.ForeignKey(PersonCategory, on_delete=models.PROTECT, verbose_name="категория")
    grade = models.PositiveSmallIntegerField("класс", null=True, blank=True)
    class_letter = models.CharField("литера", max_length=3, blank=True)
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="организация"
    )

    class Meta:
        verbose_name = "класс в учебном году"
        verbose_name_plural = "классы по учебным годам"
        ordering = ["-school_year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "school_year"], name="one_placement_per_school_year")
        ]

    def __str__(self) -> str:
        place = f"{self.grade}{self.class_letter}" if self.grade else str(self.category)
        return f"{self.school_year}/{self.school_year + 1}: {place}"


# --- the bases ----------------------------------------------------------------------------------


class MenteeStatus(models.TextChoices):
    WAITING = "waiting", "Ожидает наставника"
    IN_MENTORSHIP = "in_mentorship", "В наставнической паре или группе"
    LEFT = "left", "Выбыл"


class MenteeProfile(TimeStampedModel):
    """A person's place in the mentee base.

    Personal data: the sub-type (it may reveal that a child is in a difficult situation or has
    special needs), the date of joining, the status and when the mentee is free to meet.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="mentee_profile")
    subtype = models.ForeignKey(
        MenteeSubtype,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentees",
        verbose_name="подтип",
    )
    joined_on = models.DateField("в базе с")
    status = models.CharField(
        "статус", max_length=20, choices=MenteeStatus.choices, default=MenteeStatus.WAITING
    )
    availability = models.CharField(
        "когда удобно",
        max_length=300,
        blank=True,
        validators=[plain_text],
        help_text="Например: пн, ср после уроков. Подбор учитывает совпадение дней с наставником.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "наставляемый"
        verbose_name_plural = "база наставляемых"
        indexes = [models.Index(fields=["status"], name="mentee_status_idx")]

    def __str__(self) -> str:
        return f"Наставляемый: {self.person}"


class RaisedBy(models.TextChoices):
    SELF = "self", "Сам(а)"
    CLASS_TEACHER = "class_teacher", "Классный руководитель"
    PSYCHOLOGIST = "psychologist", "Психолог"
    PARENT = "parent", "Родитель"
    CURATOR = "curator", "Куратор"
    ADMINISTRATION = "administration", "Администрация"
    OTHER = "other", "Другое"


class RequestPriority(models.IntegerChoices):
    HIGH = 1, "Высокий"
    NORMAL = 2, "Обычный"
    LOW = 3, "Низкий"


class MenteeRequest(TimeStampedModel):
    """What a mentee needs help with in a school year.

    Personal data: the request itself (it may describe a child's difficulties) and who raised it.
    """

    mentee = models.ForeignKey(MenteeProfile, on_delete=models.CASCADE, related_name="requests")
    area = models.ForeignKey(
        SupportArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name="направление",
    )
    text = models.CharField("формулировка", max_length=500, blank=True, validators=[plain_text])
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="предмет"
    )
    priority = models.PositiveSmallIntegerField(
        "приоритет", choices=RequestPriority.choices, default=RequestPriority.NORMAL
    )
    raised_by = models.CharField("кто выявил", max_length=20, choices=RaisedBy.choices, default=RaisedBy.SELF)
    school_year = models.PositiveSmallIntegerField("учебный год (начало)")
    is_open = models.BooleanField("актуален", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "запрос наставляемого"
        verbose_name_plural = "запросы наставляемых"
        ordering = ["-is_open", "priority", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False) | ~Q(text=""),
                name="request_has_area_or_text",
                violation_error_message="Выберите направление из каталога или опишите запрос своими словами.",
            )
        ]

    def __str__(self) -> str:
        label = self.area.name if self.area else self.text
        return f"{label} ({self.subject})" if self.subject else label


class TrainingStatus(models.TextChoices):
    NOT_TRAINED = "not_trained", "Не обучен"
    IN_TRAINING = "in_training", "Проходит обучение"
    TRAINED = "trained", "Обучен"


class MentorProfile(TimeStampedModel):
    """A person's place in the mentor base.

    Personal data: availability, capacity, training status, whether the person was a mentee before.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="mentor_profile")
    capacity = models.PositiveSmallIntegerField(
        "наставляемых одновременно", default=1, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    availability = models.CharField(
        "когда удобно",
        max_length=300,
        blank=True,
        validators=[plain_text],
        help_text="Например: вт, чт после 15:00",
    )
    joined_on = models.DateField("в базе с")
    training_status = models.CharField(
        "обучение", max_length=20, choices=TrainingStatus.choices, default=TrainingStatus.NOT_TRAINED
    )
    was_mentee = models.BooleanField("был наставляемым", default=False)
    is_active = models.BooleanField("готов наставлять", default=True)
    # Mentees in this mentor's open pairs and groups; only mentorships services change it, in the same
    # transaction as the places it counts, and the database refuses a value above the capacity.
    active_mentees = models.PositiveSmallIntegerField("ведёт наставляемых сейчас", default=0, editable=False)
    forms = models.ManyToManyField(
        "programs.MentoringForm", blank=True, related_name="mentors", verbose_name="формы наставничества"
    )
    history = HistoricalRecords(excluded_fields=["active_mentees"])

    class Meta:
        verbose_name = "наставник"
        verbose_name_plural = "база наставников"
        constraints = [
            models.CheckConstraint(
                condition=Q(active_mentees__lte=F("capacity")),
                name="mentor_within_capacity",
                violation_error_message="Наставник уже ведёт больше наставляемых, чем указано: "
                "сначала завершите или передайте пары.",
            )
        ]

    def __str__(self) -> str:
        return f"Наставник: {self.person}"


class MentorCompetency(TimeStampedModel):
    """What a mentor can help with. Personal data: a description of the person's skills."""

    mentor = models.ForeignKey(MentorProfile, on_delete=models.CASCADE, related_name="competencies")
    area = models.ForeignKey(
        SupportArea,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competencies",
        verbose_name="направление",
    )
    text = models.CharField("формулировка", max_length=500, blank=True, validators=[plain_text])
    subject = models.ForeignKey(
        Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="предмет"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "компетенция наставника"
        verbose_name_plural = "компетенции наставников"
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area__isnull=False) | ~Q(text=""),
                name="competency_has_area_or_text",
                violation_error_message="Выберите направление из каталога или опишите компетенцию своими словами.",
            )
        ]

    def __str__(self) -> str:
        label = self.area.name if self.area else self.text
        return f"{label} ({self.subject})" if self.subject else label


# --- consent (152-FZ) -----------------------------------------------------------------------------


class ConsentGiver(models.TextChoices):
    PERSON = "person", "Сам участник"
    REPRESENTATIVE = "representative", "Законный представитель"


def consent_upload_to(instance: Consent, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"consents/{instance.person.municipality_id}/{instance.person_id}/{instance.given_on:%Y%m%d}.{extension}"


class Consent(TimeStampedModel):
    """A consent to the processing of personal data (152-FZ, art. 9).

    Personal data: who consented (the person or the named legal representative), when, for what, the
    scanned signed form, and when it was withdrawn.
    """

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="consents")
    given_by = models.CharField("кто дал согласие", max_length=20, choices=ConsentGiver.choices)
    representative_name = models.CharField(
        "законный представитель (ФИО)", max_length=300, blank=True, validators=[plain_text]
    )
    given_on = models.DateField("дата согласия")
    valid_until = models.DateField("действует до", null=True, blank=True)
    allows_processing = models.BooleanField("обработка данных для программ наставничества", default=True)
    allows_publication = models.BooleanField("публикация имени и фото на портале", default=False)
    document = models.FileField("скан согласия", upload_to=consent_upload_to, blank=True, max_length=300)
    withdrawn_on = models.DateField("отозвано", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="внёс"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "согласие на обработку персональных данных"
        verbose_name_plural = "согласия на обработку персональных данных"
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message="Согласие нельзя отозвать раньше, чем оно дано.",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("given_on")),
                name="consent_valid_after_given",
                violation_error_message="Срок действия не может закончиться раньше даты согласия.",
            ),
            models.CheckConstraint(
                condition=Q(given_by="person") | ~Q(representative_name=""),
                name="representative_consent_names_the_representative",
                violation_error_message="Укажите ФИО законного представителя, давшего согласие.",
            ),
        ]
        indexes = [models.Index(fields=["person", "withdrawn_on"], name="consent_person_idx")]

    def __str__(self) -> str:
        return f"Согласие от {self.given_on:%d.%m.%Y}"

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.allows_processing
            and self.given_on <= day
            and (self.withdrawn_on is None or self.withdrawn_on > day)
            and (self.valid_until is None or self.valid_until >= day)
        )


def valid_consent_q(day: datetime.date, prefix: str = "") -> Q:
    """Rows of Consent valid on the day; `prefix` is the path from the queried model to Consent."""
    return (
        Q(**{f"{prefix}allows_processing": True, f"{prefix}given_on__lte": day})
        & (Q(**{f"{prefix}withdrawn_on__isnull": True}) | Q(**{f"{prefix}withdrawn_on__gt": day}))
        & (Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}))
    )

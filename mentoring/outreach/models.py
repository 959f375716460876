"""Outreach, training and incentives (roadmap 1.6, 2.1, 2.6, 2.7, 3.1, 3.3 and section 3): information
letters of the department to organizations, the information campaign of each organization, the public
portal of a municipality, training of mentors and curators, contests, awards and events of recognition.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from mentoring.common.models import TimeStampedModel
from mentoring.common.validators import phone_number, plain_text
from mentoring.library.validators import free_text

TEXT_MAX_LENGTH = 20000
NOTE_MAX_LENGTH = 3000

http_or_https = RegexValidator(
    regex=r"^https?://", message="Укажите ссылку, начинающуюся с http:// или https://."
)
hex_colour = RegexValidator(
    regex=r"^#[0-9a-fA-F]{6}$", message="Цвет записывается как #RRGGBB, например #1f5f8b."
)


def _random_name(folder: str, filename: str) -> str:
    """outreach/<folder>/<random>.<ext>: the stored name never comes from the user; the original name is
    kept beside the file."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"outreach/{folder}/{uuid.uuid4().hex}.{extension}"


def letter_attachment_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("letters", filename)


def campaign_photo_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("campaign", filename)


def portal_logo_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("portal", filename)


def certificate_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("certificates", filename)


def contest_file_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("contests", filename)


def award_file_upload_to(instance: models.Model, filename: str) -> str:
    return _random_name("awards", filename)


class StoredFile(models.Model):
    """A file kept beside a record: the stored file under a random name and what the user called it."""

    file_name = models.CharField("имя файла", max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField("размер файла, байт", default=0)
    file_kind = models.CharField("формат файла", max_length=10, blank=True)

    class Meta:
        abstract = True


# --- information letters (roadmap 2.1) ------------------------------------------------------------


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Черновик"
    SENT = "sent", "Отправлено"


class InformationLetter(TimeStampedModel):
    """An information letter of the education department to all or chosen organizations of its
    municipality (roadmap 2.1, quarterly).

    Personal data: who wrote and who sent it (user links). The text is addressed to organizations;
    lists of people do not belong in it, and the form says so.
    """

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="information_letters",
        verbose_name="муниципалитет",
    )
    number = models.CharField(
        "исходящий номер",
        max_length=50,
        blank=True,
        validators=[plain_text],
        help_text="Например: 01-12/345.",
    )
    subject = models.CharField("тема", max_length=300, validators=[plain_text])
    body = models.TextField("текст письма", validators=[MaxLengthValidator(TEXT_MAX_LENGTH), free_text])
    to_all = models.BooleanField(
        "всем организациям", default=True, help_text="Всем ОО и ДО муниципалитета, не находящимся в архиве."
    )
    chosen = models.ManyToManyField(
        "organizations.Organization", blank=True, related_name="+", verbose_name="выбранные организации"
    )
    roadmap_item = models.ForeignKey(
        "roadmaps.RoadmapItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="information_letters",
        verbose_name="мероприятие дорожной карты",
    )
    status = models.CharField(
        "состояние", max_length=10, choices=LetterStatus.choices, default=LetterStatus.DRAFT
    )
    sent_at = models.DateTimeField("отправлено", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="подготовил(а)"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="отправил(а)",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "информационное письмо"
        verbose_name_plural = "информационные письма"
        ordering = ["-sent_at", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(sent_at__isnull=False) & Q(sent_by__isnull=False)),
                name="sent_letter_has_sending_date",
            )
        ]
        indexes = [models.Index(fields=["municipality", "status", "-sent_at"], name="letter_muni_status_idx")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_sent(self) -> bool:
        return self.status == LetterStatus.SENT


class LetterAttachment(TimeStampedModel, StoredFile):
    """A file attached to an information letter. Personal data: none expected (the form warns)."""

    letter = models.ForeignKey(InformationLetter, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("файл", upload_to=letter_attachment_upload_to, max_length=255)

    class Meta:
        verbose_name = "вложение письма"
        verbose_name_plural = "вложения писем"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.file_name


class LetterReceipt(models.Model):
    """That a sent letter reached an organization, and when and by whom it was marked read there.

    Personal data: the user who marked it read.
    """

    letter = models.ForeignKey(InformationLetter, on_delete=models.CASCADE, related_name="receipts")
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="letter_receipts"
    )
    emailed = models.PositiveSmallIntegerField("отправлено писем на e-mail", default=0)
    read_at = models.DateTimeField("прочитано", null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="прочитал(а)",
    )

    class Meta:
        verbose_name = "получатель письма"
        verbose_name_plural = "получатели писем"
        ordering = ["organization__short_name"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "organization"], name="one_receipt_per_organization"),
            models.CheckConstraint(
                condition=Q(read_at__isnull=True) | Q(read_by__isnull=False), name="read_receipt_names_reader"
            ),
        ]
        indexes = [models.Index(fields=["organization", "read_at"], name="receipt_org_read_idx")]

    def __str__(self) -> str:
        return f"{self.letter} → {self.organization}"


# --- information campaign (roadmap 2.6, 2.7, 3.1) -------------------------------------------------


class ResourceKind(models.TextChoices):
    SITE_SECTION = "site_section", "Раздел на сайте"
    SOCIAL_GROUP = "social_group", "Группа в социальной сети"
    STAND = "stand", "Информационный стенд"
    LOCAL_MEDIA = "local_media", "Местные СМИ"
    OTHER = "other", "Другое"


class InformationResource(TimeStampedModel):
    """A place where an organization informs people about mentoring: a site section, a group in a
    social network, a stand, a local newspaper. Personal data: none."""

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="information_resources",
        verbose_name="организация",
    )
    kind = models.CharField("вид", max_length=20, choices=ResourceKind.choices)
    title = models.CharField("название", max_length=300, validators=[plain_text])
    url = models.URLField("ссылка", max_length=500, blank=True, validators=[http_or_https])
    notes = models.CharField("где и что", max_length=500, blank=True, validators=[plain_text])
    is_active = models.BooleanField("действует", default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "информационный ресурс"
        verbose_name_plural = "информационные ресурсы"
        ordering = ["organization__short_name", "kind", "title"]

    def __str__(self) -> str:
        return self.title


class CampaignAudience(models.TextChoices):
    TEACHERS = "teachers", "Педагоги"
    PARENTS = "parents", "Родители"
    PUPILS = "pupils", "Обучающиеся"
    ALUMNI = "alumni", "Выпускники"
    ENTERPRISES = "enterprises", "Предприятия"


class Channel(models.TextChoices):
    SITE = "site", "Сайт"
    SOCIAL = "social", "Социальная сеть"
    STAND = "stand", "Стенд"
    MEDIA = "media", "СМИ"
    MEETING = "meeting", "Встреча, собрание"
    OTHER = "other", "Другое"


class EntryKind(models.TextChoices):
    PUBLICATION = "publication", "Публикация"
    EVENT = "event", "Мероприятие"


class CampaignEntry(TimeStampedModel, StoredFile):
    """One publication or event of an organization's information campaign.

    Personal data: the photo (it may show pupils and teachers: it is seen only by the organization's
    staff and the department, never on the portal) and who entered the record (a user link).
    """

    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="campaign_entries",
        verbose_name="организация",
    )
    date = models.DateField("дата")
    kind = models.CharField("что", max_length=20, choices=EntryKind.choices, default=EntryKind.PUBLICATION)
    title = models.CharField("название", max_length=300, validators=[plain_text])
    # Comma-separated CampaignAudience values («parents,pupils»): no value is a part of another, so the
    # filter by one audience is a plain «contains».
    audiences = models.CharField("для кого", max_length=100)
    channel = models.CharField("канал", max_length=20, choices=Channel.choices)
    resource = models.ForeignKey(
        InformationResource,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name="ресурс",
    )
    link = models.URLField("ссылка", max_length=500, blank=True, validators=[http_or_https])
    reach = models.PositiveIntegerField(
        "охват, человек", null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    photo = models.FileField("фото", upload_to=campaign_photo_upload_to, blank=True, max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "публикация или мероприятие"
        verbose_name_plural = "информационная кампания"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organization", "-date"], name="campaign_org_date_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def audience_list(self) -> list[str]:
        return [value for value in self.audiences.split(",") if value]

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(CampaignAudience.choices)
        return [str(labels.get(value, value)) for value in self.audience_list]


# --- the public portal ----------------------------------------------------------------------------


class PortalSettings(TimeStampedModel, StoredFile):
    """The municipality's public mentoring page: its title, what the target model is, the department's
    contacts and the unified branding (logo and colours). Personal data: none (work contacts of the
    department as an organization)."""

    municipality = models.OneToOneField(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="portal",
        verbose_name="муниципалитет",
    )
    title = models.CharField("заголовок", max_length=200, validators=[plain_text])
    intro = models.TextField(
        "что такое целевая модель наставничества",
        validators=[MaxLengthValidator(TEXT_MAX_LENGTH), free_text],
    )
    contacts = models.TextField(
        "контакты управления образования",
        blank=True,
        validators=[MaxLengthValidator(NOTE_MAX_LENGTH), free_text],
        help_text="Адрес, телефон и e-mail управления образования или ИМГ.",
    )
    primary_colour = models.CharField(
        "основной цвет", max_length=7, default="#1f5f8b", validators=[hex_colour]
    )
    accent_colour = models.CharField(
        "дополнительный цвет", max_length=7, default="#f2a900", validators=[hex_colour]
    )
    logo = models.FileField("логотип", upload_to=portal_logo_upload_to, blank=True, max_length=255)
    is_published = models.BooleanField("портал открыт", default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "портал муниципалитета"
        verbose_name_plural = "порталы муниципалитетов"

    def __str__(self) -> str:
        return self.title


class NewsKind(models.TextChoices):
    NEWS = "news", "Новость"
    EVENT = "event", "Событие"


class NewsItem(TimeStampedModel):
    """A piece of news or an event announcement on the portal. Personal data: who wrote it (a user
    link); the text must not name people who have not agreed to it, and the form says so."""

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="news",
        verbose_name="муниципалитет",
    )
    kind = models.CharField("вид", max_length=10, choices=NewsKind.choices, default=NewsKind.NEWS)
    title = models.CharField("заголовок", max_length=300, validators=[plain_text])
    text = models.TextField("текст", validators=[MaxLengthValidator(TEXT_MAX_LENGTH), free_text])
    published_on = models.DateField("дата публикации")
    event_date = models.DateField("дата события", null=True, blank=True)
    place = models.CharField("место", max_length=300, blank=True, validators=[plain_text])
    is_published = models.BooleanField("показывать на портале", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="автор"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "новость портала"
        verbose_name_plural = "новости портала"
        ordering = ["-published_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="event") | Q(event_date__isnull=False),
                name="event_news_has_event_date",
                violation_error_message="Укажите дату события.",
            )
        ]
        indexes = [
            models.Index(fields=["municipality", "is_published", "-published_on"], name="news_muni_idx")
        ]

    def __str__(self) -> str:
        return self.title


class PortalContact(TimeStampedModel):
    """A curator's (or head's) contact card on the portal, published by that person themself: the act
    of publishing is their consent, taking the card down withdraws it.

    Personal data: the name (from the account), the position, the work phone and e-mail the person
    chose to publish, and when they agreed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="portal_contacts", verbose_name="кто"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="portal_contacts",
        verbose_name="организация",
    )
    position = models.CharField(
        "должность",
        max_length=200,
        default="Куратор внедрения целевой модели наставничества",
        validators=[plain_text],
    )
    phone = models.CharField("рабочий телефон", max_length=30, blank=True, validators=[phone_number])
    email = models.EmailField("рабочий e-mail", blank=True)
    consented_at = models.DateTimeField("согласие на публикацию дано")
    history = HistoricalRecords()

    class Meta:
        verbose_name = "контакт на портале"
        verbose_name_plural = "контакты на портале"
        ordering = ["organization__short_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="one_portal_contact_per_role_place"
            ),
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="portal_contact_has_a_way_to_reach",
                violation_error_message="Укажите рабочий телефон или e-mail.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.organization})"


# --- training of mentors and curators (section 3) -------------------------------------------------


class TrainingFormat(models.TextChoices):
    IN_PERSON = "in_person", "Очно"
    REMOTE = "remote", "Дистанционно"
    BLENDED = "blended", "Очно-дистанционно"


class TrainingAudience(models.TextChoices):
    MENTORS = "mentors", "Наставники"
    CURATORS = "curators", "Кураторы"
    BOTH = "both", "Наставники и кураторы"


class Training(TimeStampedModel):
    """A course, seminar or webinar for mentors and curators. Personal data: who entered it."""

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name="муниципалитет",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name="организует",
        help_text="Управление образования — для всего муниципалитета; школа или ДО — для своих.",
    )
    title = models.CharField("название", max_length=300, validators=[plain_text])
    provider = models.CharField(
        "кто проводит", max_length=300, validators=[plain_text], help_text="Например: ГБОУ ДПО НИРО, ИМГ."
    )
    format = models.CharField("формат", max_length=20, choices=TrainingFormat.choices)
    audience = models.CharField("для кого", max_length=20, choices=TrainingAudience.choices)
    hours = models.PositiveSmallIntegerField(
        "объём, часов", validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    starts_on = models.DateField("начало")
    ends_on = models.DateField("окончание")
    place = models.CharField("место или ссылка", max_length=300, blank=True, validators=[plain_text])
    description = models.TextField(
        "содержание", blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH), free_text]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "обучение"
        verbose_name_plural = "обучение наставников и кураторов"
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="training_ends_after_it_starts",
                violation_error_message="Окончание обучения не может быть раньше начала.",
            )
        ]
        indexes = [models.Index(fields=["municipality", "-starts_on"], name="training_muni_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def for_mentors(self) -> bool:
        return self.audience in (TrainingAudience.MENTORS, TrainingAudience.BOTH)

    @property
    def for_curators(self) -> bool:
        return self.audience in (TrainingAudience.CURATORS, TrainingAudience.BOTH)


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "enrolled", "Записан(а)"
    COMPLETED = "completed", "Обучение завершено"
    NOT_COMPLETED = "not_completed", "Не завершил(а)"


class Enrolment(TimeStampedModel, StoredFile):
    """One participant of a training: a mentor from the mentor base or a curator (a user account),
    with the outcome and the certificate.

    Personal data: that the person took part and how it ended, the certificate's number and scan
    (it carries the name), who enrolled them.
    """

    training = models.ForeignKey(Training, on_delete=models.PROTECT, related_name="enrolments")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name="наставник",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name="куратор",
    )
    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.PROTECT, related_name="+", verbose_name="организация"
    )
    status = models.CharField(
        "итог", max_length=20, choices=EnrolmentStatus.choices, default=EnrolmentStatus.ENROLLED
    )
    completed_on = models.DateField("дата окончания", null=True, blank=True)
    certificate_number = models.CharField(
        "номер удостоверения или сертификата", max_length=100, blank=True, validators=[plain_text]
    )
    certificate = models.FileField(
        "скан удостоверения", upload_to=certificate_upload_to, blank=True, max_length=255
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="записал(а)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "участник обучения"
        verbose_name_plural = "участники обучения"
        ordering = ["training", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(person__isnull=False) & Q(user__isnull=True))
                | (Q(person__isnull=True) & Q(user__isnull=False)),
                name="enrolment_is_a_mentor_or_a_curator",
            ),
            models.UniqueConstraint(
                fields=["training", "person"],
                condition=Q(person__isnull=False),
                name="one_enrolment_per_mentor",
                violation_error_message="Этот наставник уже записан на обучение.",
            ),
            models.UniqueConstraint(
                fields=["training", "user"],
                condition=Q(user__isnull=False),
                name="one_enrolment_per_curator",
                violation_error_message="Этот куратор уже записан на обучение.",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_on__isnull=False),
                name="completed_enrolment_has_date",
                violation_error_message="Укажите дату окончания обучения.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_name}: {self.training}"

    @property
    def participant_name(self) -> str:
        if self.person_id:
            return self.person.full_name  # type: ignore[union-attr]
        return self.user.get_full_name() if self.user else ""


# --- contests (roadmap 3.3) -----------------------------------------------------------------------


class ContestLevel(models.TextChoices):
    ORGANIZATION = "organization", "Уровень организации"
    MUNICIPAL = "municipal", "Муниципальный"
    REGIONAL = "regional", "Региональный"
    FEDERAL = "federal", "Всероссийский"


class Contest(TimeStampedModel):
    """A contest of mentors or organizations, such as the regional «Наставник52» or the all-Russian
    «Наставничество», in a given year. Personal data: who entered it."""

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="contests",
        verbose_name="муниципалитет",
    )
    title = models.CharField("название", max_length=300, validators=[plain_text])
    level = models.CharField("уровень", max_length=20, choices=ContestLevel.choices)
    year = models.PositiveSmallIntegerField(
        "год", validators=[MinValueValidator(2019), MaxValueValidator(2100)]
    )
    nominations = models.JSONField("номинации", default=list, blank=True)
    organizer = models.CharField("организатор", max_length=300, blank=True, validators=[plain_text])
    starts_on = models.DateField("начало")
    ends_on = models.DateField("подведение итогов")
    link = models.URLField(
        "положение о конкурсе (ссылка)", max_length=500, blank=True, validators=[http_or_https]
    )
    description = models.TextField(
        "условия", blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH), free_text]
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "конкурс"
        verbose_name_plural = "конкурсы"
        ordering = ["-year", "-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="contest_ends_after_it_starts",
                violation_error_message="Итоги не могут подводиться раньше начала конкурса.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.year})"


class ContestResult(models.TextChoices):
    PENDING = "pending", "Итоги не подведены"
    PARTICIPANT = "participant", "Участник"
    PRIZE_WINNER = "prize_winner", "Призёр"
    WINNER = "winner", "Победитель"


class ContestEntry(TimeStampedModel, StoredFile):
    """An entry in a contest: a mentor of the organization, or the organization itself, in a
    nomination, with its result and the document that confirms it.

    Personal data: that the mentor took part and the result, the diploma's scan (it carries the name),
    who entered it.
    """

    contest = models.ForeignKey(
        Contest, on_delete=models.PROTECT, related_name="entries", verbose_name="конкурс"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="contest_entries",
        verbose_name="организация",
    )
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_entries",
        verbose_name="наставник",
        help_text="Пусто — участвует организация.",
    )
    nomination = models.CharField("номинация", max_length=300, blank=True, validators=[plain_text])
    submitted_on = models.DateField("заявка подана")
    result = models.CharField(
        "итог", max_length=20, choices=ContestResult.choices, default=ContestResult.PENDING
    )
    result_on = models.DateField("дата итогов", null=True, blank=True)
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contest_entries",
        verbose_name="документ из реестра",
    )
    file = models.FileField(
        "диплом или сертификат", upload_to=contest_file_upload_to, blank=True, max_length=255
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "участие в конкурсе"
        verbose_name_plural = "участие в конкурсах"
        ordering = ["contest", "organization__short_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contest", "person", "nomination"],
                condition=Q(person__isnull=False),
                name="one_entry_per_mentor_and_nomination",
                violation_error_message="Этот наставник уже заявлен в этой номинации.",
            ),
            models.UniqueConstraint(
                fields=["contest", "organization", "nomination"],
                condition=Q(person__isnull=True),
                name="one_entry_per_organization_and_nomination",
                violation_error_message="Организация уже заявлена в этой номинации.",
            ),
            models.CheckConstraint(
                condition=Q(result="pending") | Q(result_on__isnull=False),
                name="contest_result_has_date",
                violation_error_message="Укажите дату подведения итогов.",
            ),
        ]

    def __str__(self) -> str:
        who = self.person.full_name if self.person_id else str(self.organization)  # type: ignore[union-attr]
        return f"{who}: {self.contest}"


# --- incentives and recognition (roadmap 1.6) ----------------------------------------------------


class RecognitionKind(models.TextChoices):
    MENTOR_DAY = "mentor_day", "День наставника (2 марта)"
    FESTIVAL = "festival", "Фестиваль"
    FORUM = "forum", "Форум"
    CONFERENCE = "conference", "Конференция"
    CEREMONY = "ceremony", "Торжественное награждение"
    OTHER = "other", "Другое"


class RecognitionEvent(TimeStampedModel):
    """An event where mentors are recognised: a festival, a forum, a conference, the Day of the Mentor
    on 2 March. Personal data: who entered it."""

    municipality = models.ForeignKey(
        "organizations.Municipality",
        on_delete=models.PROTECT,
        related_name="recognition_events",
        verbose_name="муниципалитет",
    )
    kind = models.CharField("вид", max_length=20, choices=RecognitionKind.choices)
    title = models.CharField("название", max_length=300, validators=[plain_text])
    date = models.DateField("дата")
    place = models.CharField("место", max_length=300, blank=True, validators=[plain_text])
    description = models.TextField(
        "описание", blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH), free_text]
    )
    on_portal = models.BooleanField("показывать на портале", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "мероприятие чествования наставников"
        verbose_name_plural = "мероприятия чествования наставников"
        ordering = ["-date", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d.%m.%Y})"


class Award(TimeStampedModel, StoredFile):
    """An incentive granted to a mentor by the department or an organization: a letter of thanks, a
    certificate of honour, a bonus... (the kinds of the granting organization's incentive scheme).

    Personal data: who was awarded, for what, when, the order or scan that confirms it, who entered it.
    """

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="awards", verbose_name="наставник"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.PROTECT,
        related_name="awards_granted",
        verbose_name="кто наградил",
    )
    kind = models.CharField("форма поощрения", max_length=200, validators=[plain_text])
    date = models.DateField("дата")
    reason = models.CharField("за что", max_length=1000, validators=[plain_text])
    event = models.ForeignKey(
        RecognitionEvent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name="вручено на мероприятии",
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="awards",
        verbose_name="приказ из реестра",
    )
    file = models.FileField("скан", upload_to=award_file_upload_to, blank=True, max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="внёс(ла)"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "поощрение наставника"
        verbose_name_plural = "поощрения наставников"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["organization", "-date"], name="award_org_date_idx")]

    def __str__(self) -> str:
        return f"{self.kind}: {self.person}"

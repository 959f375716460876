"""Every write of outreach: information letters with their receipts, the information campaign, the
portal, trainings with enrolments and certificates, contests with entries and results, awards and
events of recognition."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import EmailMessage, get_connection
from django.db import models, transaction
from django.utils import timezone

from mentoring.accounts.models import Membership, Role, User
from mentoring.common.access import (
    LETTER_DEFAULT_KINDS,
    can_grant_awards_of,
    can_keep_campaign_of,
    can_keep_contests_in,
    can_keep_entries_of,
    can_keep_portal_of,
    can_keep_recognition_events_in,
    can_keep_training,
    can_manage_enrolment,
    can_write_letters_in,
    can_write_roadmap,
    contact_organizations_of,
    curators_enrollable,
    entrant_organizations_for,
    letter_recipients_possible,
    mentors_awardable_by,
    mentors_enrollable,
    receipts_answered_by,
    training_organizers_for,
)
from mentoring.common.files import JPEG, MEGABYTE, PNG, FileKind, validate_upload
from mentoring.documents.models import Document, IncentiveScheme
from mentoring.documents.reference_defaults import INCENTIVE_KINDS
from mentoring.documents.uploads import (
    delete_after_commit,
    display_file_name,
    save_with_file,
    validate_document_file,
)
from mentoring.organizations.models import Municipality, Organization, OrganizationKind
from mentoring.outreach.models import (
    Award,
    CampaignAudience,
    CampaignEntry,
    Contest,
    ContestEntry,
    ContestResult,
    Enrolment,
    EnrolmentStatus,
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
    TrainingAudience,
)
from mentoring.outreach.portal_cache import portal_changed
from mentoring.people.models import MentorProfile, Person, TrainingStatus
from mentoring.people.services import mentor_training_status_raise
from mentoring.roadmaps.models import ItemStatus, RoadmapItem
from mentoring.roadmaps.services import checkpoint_set_done

logger = logging.getLogger(__name__)

IMAGE_KINDS = (JPEG, PNG)
IMAGE_MAX_BYTES = 5 * MEGABYTE
MAX_ATTACHMENTS = 10
MAX_NOMINATIONS = 30
EARLIEST_DATE = datetime.date(2019, 1, 1)
STAFF_ROLES = (Role.HEAD, Role.CURATOR, Role.PARTNER_REPRESENTATIVE)


# --- helpers ----------------------------------------------------------------------------------------


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _validate_image(upload: UploadedFile, field: str) -> FileKind:
    try:
        return validate_upload(upload, kinds=IMAGE_KINDS, max_bytes=IMAGE_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error


def _attach(instance: models.Model, field: str, upload: UploadedFile, *, image: bool = False) -> None:
    """Checks the upload by its content and puts it on the instance with its original name, size and
    kind (stored under a random name when the instance is saved)."""
    kind = _validate_image(upload, field) if image else validate_document_file(upload, field=field)
    name = display_file_name(upload.name or "")
    instance.file_name = name  # type: ignore[attr-defined]
    instance.file_size = upload.size or 0  # type: ignore[attr-defined]
    instance.file_kind = kind.label  # type: ignore[attr-defined]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else kind.extensions[0]
    upload.name = f"{field}.{extension}"
    setattr(instance, field, upload)


def _drop(instance: models.Model, field: str) -> None:
    setattr(instance, field, "")
    instance.file_name = ""  # type: ignore[attr-defined]
    instance.file_size = 0  # type: ignore[attr-defined]
    instance.file_kind = ""  # type: ignore[attr-defined]


def _check_date(value: datetime.date, field: str, *, future_days: int = 0, label: str = "Дата") -> None:
    if value < EARLIEST_DATE:
        raise ValidationError({field: f"{label} не может быть раньше {EARLIEST_DATE:%d.%m.%Y}."})
    if value > timezone.localdate() + datetime.timedelta(days=future_days):
        if future_days:
            raise ValidationError({field: f"{label} слишком далеко в будущем."})
        raise ValidationError({field: f"{label} не может быть в будущем."})


def _portal_changed(municipality_id: int) -> None:
    portal_changed(municipality_id)
    transaction.on_commit(partial(portal_changed, municipality_id))


# --- information letters ----------------------------------------------------------------------------


def _require_letter_writer(by: User, municipality_id: int) -> None:
    if not can_write_letters_in(by, municipality_id):
        raise PermissionDenied("Информационные письма пишет управление образования.")


def _require_draft(letter: InformationLetter) -> None:
    if letter.status != LetterStatus.DRAFT:
        raise ValidationError("Письмо уже отправлено: изменить его нельзя.")


def _check_recipients(
    municipality_id: int, to_all: bool, organizations: Iterable[Organization]
) -> list[Organization]:
    chosen = list(organizations)
    if to_all:
        return []
    if not chosen:
        raise ValidationError(
            {"organizations": "Выберите организации, которым адресовано письмо, или отправьте его всем."}
        )
    allowed = set(letter_recipients_possible(municipality_id).values_list("pk", flat=True))
    if any(organization.pk not in allowed for organization in chosen):
        raise ValidationError(
            {"organizations": "Письмо адресуется только организациям своего муниципалитета."}
        )
    return chosen


def _check_roadmap_item(municipality_id: int, item: RoadmapItem | None) -> None:
    if item is None:
        return
    organization = item.roadmap.organization
    if organization.kind != OrganizationKind.DEPARTMENT or organization.municipality_id != municipality_id:
        raise ValidationError({"roadmap_item": "Выберите мероприятие муниципальной дорожной карты."})


def _fill_letter(
    letter: InformationLetter,
    *,
    subject: str,
    body: str,
    number: str,
    to_all: bool,
    roadmap_item: RoadmapItem | None,
) -> None:
    letter.subject = _one_line(subject)
    letter.body = body.strip()
    letter.number = _one_line(number)
    letter.to_all = to_all
    letter.roadmap_item = roadmap_item


@transaction.atomic
def letter_create(
    *,
    by: User,
    municipality: Municipality,
    subject: str,
    body: str,
    number: str = "",
    to_all: bool = True,
    organizations: Iterable[Organization] = (),
    roadmap_item: RoadmapItem | None = None,
) -> InformationLetter:
    """Writes a draft letter; it reaches nobody until it is sent."""
    _require_letter_writer(by, municipality.pk)
    chosen = _check_recipients(municipality.pk, to_all, organizations)
    _check_roadmap_item(municipality.pk, roadmap_item)
    letter = InformationLetter(municipality=municipality, created_by=by)
    _fill_letter(letter, subject=subject, body=body, number=number, to_all=to_all, roadmap_item=roadmap_item)
    letter.full_clean()
    letter.save()
    letter.chosen.set(chosen)
    return letter


@transaction.atomic
def letter_update(
    *,
    by: User,
    letter: InformationLetter,
    subject: str,
    body: str,
    number: str = "",
    to_all: bool = True,
    organizations: Iterable[Organization] = (),
    roadmap_item: RoadmapItem | None = None,
) -> InformationLetter:
    _require_letter_writer(by, letter.municipality_id)
    _require_draft(letter)
    chosen = _check_recipients(letter.municipality_id, to_all, organizations)
    _check_roadmap_item(letter.municipality_id, roadmap_item)
    _fill_letter(letter, subject=subject, body=body, number=number, to_all=to_all, roadmap_item=roadmap_item)
    letter.full_clean()
    letter.save()
    letter.chosen.set(chosen)
    return letter


@transaction.atomic
def letter_delete(*, by: User, letter: InformationLetter) -> None:
    """Deletes a draft; a sent letter stays (its receipts are the record of who was informed)."""
    _require_letter_writer(by, letter.municipality_id)
    _require_draft(letter)
    files = [attachment.file for attachment in letter.attachments.all()]
    letter.delete()
    for file in files:
        delete_after_commit(file)


@transaction.atomic
def letter_attachment_add(*, by: User, letter: InformationLetter, file: UploadedFile) -> LetterAttachment:
    _require_letter_writer(by, letter.municipality_id)
    _require_draft(letter)
    if letter.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": f"К письму можно приложить не больше {MAX_ATTACHMENTS} файлов."})
    attachment = LetterAttachment(letter=letter)
    _attach(attachment, "file", file)
    attachment.full_clean(exclude=["file"])
    save_with_file(attachment)
    return attachment


@transaction.atomic
def letter_attachment_delete(*, by: User, attachment: LetterAttachment) -> None:
    _require_letter_writer(by, attachment.letter.municipality_id)
    _require_draft(attachment.letter)
    file = attachment.file
    attachment.delete()
    delete_after_commit(file)


def _addresses(organization: Organization) -> list[str]:
    """The organization's own e-mail and those of its head, curator or partner's representative."""
    addresses = [organization.email] if organization.email else []
    for email in (
        Membership.objects.filter(
            organization=organization, role__in=STAFF_ROLES, is_active=True, user__is_active=True
        )
        .exclude(user__email="")
        .values_list("user__email", flat=True)
        .order_by("user__email")
    ):
        if email.lower() not in {address.lower() for address in addresses}:
            addresses.append(email)
    return addresses


def _letter_email(letter: InformationLetter, link: str) -> tuple[str, str]:
    number = f" № {letter.number}" if letter.number else ""
    lines = [
        f"Информационное письмо управления образования{number} от {timezone.localdate():%d.%m.%Y}",
        f"Тема: {letter.subject}",
        "",
        letter.body,
        "",
    ]
    attachments = letter.attachments.count()
    if attachments:
        lines.append(f"Вложений: {attachments}. Они доступны в системе «Наставничество».")
    if link:
        lines.append(f"Откройте письмо и отметьте, что оно прочитано: {link}")
    return f"Информационное письмо: {letter.subject}", "\n".join(lines)


def _send_emails(messages: list[EmailMessage]) -> None:
    try:
        get_connection().send_messages(messages)
    except Exception:  # the letter is in the system whatever the mail server says
        logger.exception("Не удалось отправить информационное письмо по электронной почте")


def _mark_quarter_done(by: User, item: RoadmapItem) -> None:
    """The letter is the result of the roadmap's quarterly item: its checkpoint of this quarter is done."""
    if not can_write_roadmap(by, item.roadmap):
        return
    today = timezone.localdate()
    checkpoint = (
        item.checkpoints.filter(due_date__gte=today)
        .exclude(status=ItemStatus.DONE)
        .order_by("due_date")
        .first()
    )
    if checkpoint is not None and (checkpoint.due_date - today).days <= 92:
        checkpoint_set_done(by=by, checkpoint=checkpoint, done=True)


@transaction.atomic
def letter_send(*, by: User, letter: InformationLetter, link: str = "", send_email: bool = True) -> int:
    """Sends the letter: every addressee organization gets it in the system (a receipt to mark) and by
    e-mail to its own address and its staff's (unless `send_email` is off: the demo district); returns
    how many organizations it reached."""
    _require_letter_writer(by, letter.municipality_id)
    letter = InformationLetter.objects.select_for_update().get(pk=letter.pk)
    _require_draft(letter)
    possible = letter_recipients_possible(letter.municipality_id)
    if letter.to_all:
        recipients = list(possible.filter(kind__in=LETTER_DEFAULT_KINDS).order_by("short_name"))
    else:
        recipients = list(possible.filter(pk__in=letter.chosen.values("pk")).order_by("short_name"))
    if not recipients:
        raise ValidationError("Письмо некому отправить: выбранные организации в архиве или не выбраны.")
    letter.status = LetterStatus.SENT
    letter.sent_at = timezone.now()
    letter.sent_by = by
    letter.full_clean()
    letter.save()
    subject, body = _letter_email(letter, link)
    receipts, messages = [], []
    for organization in recipients:
        addresses = _addresses(organization)
        receipts.append(LetterReceipt(letter=letter, organization=organization, emailed=len(addresses)))
        if addresses and send_email:
            messages.append(EmailMessage(subject, body, None, addresses))
    LetterReceipt.objects.bulk_create(receipts)
    if letter.roadmap_item is not None:
        _mark_quarter_done(by, letter.roadmap_item)
    if messages:
        transaction.on_commit(partial(_send_emails, messages))
    return len(recipients)


@transaction.atomic
def letter_mark_read(*, by: User, receipt: LetterReceipt) -> LetterReceipt:
    """Marks the letter read for the receipt's organization (once: the first reader stays)."""
    receipt = receipts_answered_by(by).select_for_update().filter(pk=receipt.pk).first()  # type: ignore[assignment]
    if receipt is None:
        raise PermissionDenied("Отметить прочтение может сотрудник организации, которой адресовано письмо.")
    if receipt.read_at is None:
        receipt.read_at = timezone.now()
        receipt.read_by = by
        receipt.save(update_fields=["read_at", "read_by"])
    return receipt


# --- information campaign ---------------------------------------------------------------------------


def _require_campaign_keeper(by: User, organization: Organization) -> None:
    if not can_keep_campaign_of(by, organization):
        raise PermissionDenied(
            f"Вы не ведёте информационную кампанию организации «{organization.short_name}»."
        )


@transaction.atomic
def resource_create(
    *, by: User, organization: Organization, kind: str, title: str, url: str = "", notes: str = ""
) -> InformationResource:
    _require_campaign_keeper(by, organization)
    resource = InformationResource(
        organization=organization, kind=kind, title=_one_line(title), url=url.strip(), notes=_one_line(notes)
    )
    resource.full_clean()
    resource.save()
    return resource


@transaction.atomic
def resource_update(
    *,
    by: User,
    resource: InformationResource,
    kind: str,
    title: str,
    url: str = "",
    notes: str = "",
    is_active: bool = True,
) -> InformationResource:
    _require_campaign_keeper(by, resource.organization)
    resource.kind = kind
    resource.title = _one_line(title)
    resource.url = url.strip()
    resource.notes = _one_line(notes)
    resource.is_active = is_active
    resource.full_clean()
    resource.save()
    return resource


def _checked_audiences(audiences: Iterable[str]) -> str:
    chosen = [value for value in CampaignAudience.values if value in set(audiences)]
    if not chosen or any(value not in CampaignAudience.values for value in audiences):
        raise ValidationError(
            {
                "audiences": "Отметьте, для кого публикация: педагоги, родители, обучающиеся, выпускники или предприятия."
            }
        )
    return ",".join(chosen)


def _check_resource(
    organization: Organization, resource: InformationResource | None, current: int | None
) -> None:
    if resource is None:
        return
    if resource.organization_id != organization.pk:
        raise ValidationError({"resource": "Выберите ресурс этой же организации."})
    if not resource.is_active and resource.pk != current:
        raise ValidationError({"resource": f"Ресурс «{resource.title}» больше не действует."})


def _fill_entry(
    entry: CampaignEntry,
    *,
    date: datetime.date,
    kind: str,
    title: str,
    audiences: Iterable[str],
    channel: str,
    resource: InformationResource | None,
    link: str,
    reach: int | None,
) -> None:
    _check_date(date, "date", future_days=366)
    entry.date = date
    entry.kind = kind
    entry.title = _one_line(title)
    entry.audiences = _checked_audiences(list(audiences))
    entry.channel = channel
    entry.resource = resource
    entry.link = link.strip()
    entry.reach = reach


@transaction.atomic
def campaign_entry_create(
    *,
    by: User,
    organization: Organization,
    date: datetime.date,
    title: str,
    audiences: Iterable[str],
    channel: str,
    kind: str = "publication",
    resource: InformationResource | None = None,
    link: str = "",
    reach: int | None = None,
    photo: UploadedFile | None = None,
) -> CampaignEntry:
    """Adds a publication or an event to the organization's campaign log."""
    _require_campaign_keeper(by, organization)
    _check_resource(organization, resource, None)
    entry = CampaignEntry(organization=organization, created_by=by)
    _fill_entry(
        entry,
        date=date,
        kind=kind,
        title=title,
        audiences=audiences,
        channel=channel,
        resource=resource,
        link=link,
        reach=reach,
    )
    if photo is not None:
        _attach(entry, "photo", photo, image=True)
    entry.full_clean(exclude=["photo"])
    save_with_file(entry, "photo")
    return entry


@transaction.atomic
def campaign_entry_update(
    *,
    by: User,
    entry: CampaignEntry,
    date: datetime.date,
    title: str,
    audiences: Iterable[str],
    channel: str,
    kind: str = "publication",
    resource: InformationResource | None = None,
    link: str = "",
    reach: int | None = None,
    photo: UploadedFile | None = None,
    remove_photo: bool = False,
) -> CampaignEntry:
    _require_campaign_keeper(by, entry.organization)
    _check_resource(entry.organization, resource, entry.resource_id)
    old = entry.photo if entry.photo else None
    _fill_entry(
        entry,
        date=date,
        kind=kind,
        title=title,
        audiences=audiences,
        channel=channel,
        resource=resource,
        link=link,
        reach=reach,
    )
    if photo is not None:
        _attach(entry, "photo", photo, image=True)
    elif remove_photo:
        _drop(entry, "photo")
    entry.full_clean(exclude=["photo"])
    save_with_file(entry, "photo")
    if old is not None and entry.photo.name != old.name:
        delete_after_commit(old)
    return entry


@transaction.atomic
def campaign_entry_delete(*, by: User, entry: CampaignEntry) -> None:
    _require_campaign_keeper(by, entry.organization)
    photo = entry.photo if entry.photo else None
    entry.delete()
    delete_after_commit(photo)


# --- the portal ---------------------------------------------------------------------------------------


def _require_portal_keeper(by: User, municipality_id: int) -> None:
    if not can_keep_portal_of(by, municipality_id):
        raise PermissionDenied("Портал муниципалитета ведёт управление образования.")


@transaction.atomic
def portal_settings_save(
    *,
    by: User,
    municipality: Municipality,
    title: str,
    intro: str,
    contacts: str = "",
    primary_colour: str = "#1f5f8b",
    accent_colour: str = "#f2a900",
    is_published: bool = False,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
) -> PortalSettings:
    """Sets the portal's texts and the unified branding; the portal shows the change at once."""
    _require_portal_keeper(by, municipality.pk)
    portal = PortalSettings.objects.select_for_update().filter(municipality=municipality).first()
    if portal is None:
        portal = PortalSettings(municipality=municipality)
    old = portal.logo if portal.logo else None
    portal.title = _one_line(title)
    portal.intro = intro.strip()
    portal.contacts = contacts.strip()
    portal.primary_colour = primary_colour.strip().lower()
    portal.accent_colour = accent_colour.strip().lower()
    portal.is_published = is_published
    if logo is not None:
        _attach(portal, "logo", logo, image=True)
    elif remove_logo:
        _drop(portal, "logo")
    portal.full_clean(exclude=["logo"])
    save_with_file(portal, "logo")
    if old is not None and portal.logo.name != old.name:
        delete_after_commit(old)
    _portal_changed(municipality.pk)
    return portal


def _fill_news(
    news: NewsItem,
    *,
    kind: str,
    title: str,
    text: str,
    published_on: datetime.date,
    event_date: datetime.date | None,
    place: str,
    is_published: bool,
) -> None:
    _check_date(published_on, "published_on", label="Дата публикации")
    news.kind = kind
    news.title = _one_line(title)
    news.text = text.strip()
    news.published_on = published_on
    news.event_date = event_date
    news.place = _one_line(place)
    news.is_published = is_published


@transaction.atomic
def news_create(
    *,
    by: User,
    municipality: Municipality,
    title: str,
    text: str,
    published_on: datetime.date,
    kind: str = "news",
    event_date: datetime.date | None = None,
    place: str = "",
    is_published: bool = True,
) -> NewsItem:
    _require_portal_keeper(by, municipality.pk)
    news = NewsItem(municipality=municipality, created_by=by)
    _fill_news(
        news,
        kind=kind,
        title=title,
        text=text,
        published_on=published_on,
        event_date=event_date,
        place=place,
        is_published=is_published,
    )
    news.full_clean()
    news.save()
    _portal_changed(municipality.pk)
    return news


@transaction.atomic
def news_update(
    *,
    by: User,
    news: NewsItem,
    title: str,
    text: str,
    published_on: datetime.date,
    kind: str = "news",
    event_date: datetime.date | None = None,
    place: str = "",
    is_published: bool = True,
) -> NewsItem:
    _require_portal_keeper(by, news.municipality_id)
    _fill_news(
        news,
        kind=kind,
        title=title,
        text=text,
        published_on=published_on,
        event_date=event_date,
        place=place,
        is_published=is_published,
    )
    news.full_clean()
    news.save()
    _portal_changed(news.municipality_id)
    return news


@transaction.atomic
def news_delete(*, by: User, news: NewsItem) -> None:
    _require_portal_keeper(by, news.municipality_id)
    municipality_id = news.municipality_id
    news.delete()
    _portal_changed(municipality_id)


@transaction.atomic
def portal_contact_publish(
    *, by: User, organization: Organization, position: str, phone: str = "", email: str = ""
) -> PortalContact:
    """The user publishes (or changes) their own contact card as a curator or head of the organization:
    publishing is their consent to show their name, position and these work contacts on the portal."""
    if not contact_organizations_of(by).filter(pk=organization.pk).exists():
        raise PermissionDenied("Опубликовать свои контакты может куратор или руководитель этой организации.")
    contact = PortalContact.objects.filter(user=by, organization=organization).first() or PortalContact(
        user=by, organization=organization
    )
    contact.position = _one_line(position)
    contact.phone = phone.strip()
    contact.email = email.strip()
    contact.consented_at = timezone.now()
    contact.full_clean()
    contact.save()
    _portal_changed(organization.municipality_id)
    return contact


@transaction.atomic
def portal_contact_remove(*, by: User, contact: PortalContact) -> None:
    """Takes the card off the portal: the person themself (withdrawing the consent) or the department."""
    if contact.user_id != by.pk and not can_keep_portal_of(by, contact.organization.municipality_id):
        raise PermissionDenied("Снять контакт с портала может сам сотрудник или управление образования.")
    municipality_id = contact.organization.municipality_id
    contact.delete()
    _portal_changed(municipality_id)


# --- trainings ----------------------------------------------------------------------------------------


def _require_training_keeper(by: User, training: Training) -> None:
    if not can_keep_training(by, training):
        raise PermissionDenied("Обучение ведут управление образования и организация, которая его проводит.")


def _fill_training(training: Training, **fields: object) -> None:
    for name in ("title", "provider", "place"):
        fields[name] = _one_line(str(fields.get(name, "")))
    fields["description"] = str(fields.get("description", "")).strip()
    for name, value in fields.items():
        setattr(training, name, value)


TRAINING_FIELDS = (
    "title",
    "provider",
    "format",
    "audience",
    "hours",
    "starts_on",
    "ends_on",
    "place",
    "description",
)


@transaction.atomic
def training_create(
    *,
    by: User,
    organization: Organization,
    title: str,
    provider: str,
    format: str,
    audience: str,
    hours: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str = "",
    description: str = "",
) -> Training:
    """Adds a course or seminar of the department (for the municipality) or of a school or ДО."""
    if not training_organizers_for(by).filter(pk=organization.pk).exists():
        raise PermissionDenied(f"Вы не можете добавлять обучение от имени «{organization.short_name}».")
    training = Training(
        municipality_id=organization.municipality_id, organization=organization, created_by=by
    )
    _fill_training(
        training,
        title=title,
        provider=provider,
        format=format,
        audience=audience,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        description=description,
    )
    _check_date(starts_on, "starts_on", future_days=3 * 366, label="Начало")
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def training_update(
    *,
    by: User,
    training: Training,
    title: str,
    provider: str,
    format: str,
    audience: str,
    hours: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    place: str = "",
    description: str = "",
) -> Training:
    _require_training_keeper(by, training)
    enrolled = training.enrolments.all()
    if audience == TrainingAudience.MENTORS and enrolled.filter(user__isnull=False).exists():
        raise ValidationError(
            {"audience": "На обучение записаны кураторы: оставьте их в составе слушателей."}
        )
    if audience == TrainingAudience.CURATORS and enrolled.filter(person__isnull=False).exists():
        raise ValidationError(
            {"audience": "На обучение записаны наставники: оставьте их в составе слушателей."}
        )
    first_completion = enrolled.filter(completed_on__isnull=False).order_by("completed_on").first()
    if first_completion is not None and first_completion.completed_on < starts_on:  # type: ignore[operator]
        raise ValidationError({"starts_on": "Обучение не может начинаться позже, чем его кто-то завершил."})
    _fill_training(
        training,
        title=title,
        provider=provider,
        format=format,
        audience=audience,
        hours=hours,
        starts_on=starts_on,
        ends_on=ends_on,
        place=place,
        description=description,
    )
    _check_date(starts_on, "starts_on", future_days=3 * 366, label="Начало")
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def training_enrol(
    *,
    by: User,
    training: Training,
    mentors: Iterable[MentorProfile] = (),
    curators: Iterable[Membership] = (),
) -> list[Enrolment]:
    """Enrols mentors of the mentor base and curators; a mentor who is not trained becomes «in
    training». Nobody is enrolled twice; on any refusal nobody is enrolled."""
    chosen_mentors, chosen_curators = list(mentors), list(curators)
    if not chosen_mentors and not chosen_curators:
        raise ValidationError("Выберите, кого записать на обучение.")
    if chosen_mentors and not training.for_mentors:
        raise ValidationError({"mentors": "Это обучение только для кураторов."})
    if chosen_curators and not training.for_curators:
        raise ValidationError({"curators": "Это обучение только для наставников."})
    allowed_mentors = set(
        mentors_enrollable(by, training)
        .filter(pk__in=[m.pk for m in chosen_mentors])
        .values_list("pk", flat=True)
    )
    allowed_curators = set(
        curators_enrollable(by, training)
        .filter(pk__in=[c.pk for c in chosen_curators])
        .values_list("pk", flat=True)
    )
    if any(m.pk not in allowed_mentors for m in chosen_mentors) or any(
        c.pk not in allowed_curators for c in chosen_curators
    ):
        raise PermissionDenied("Записать можно только наставников и кураторов, базы которых вы ведёте.")
    already_people = set(training.enrolments.filter(person__isnull=False).values_list("person_id", flat=True))
    already_users = set(training.enrolments.filter(user__isnull=False).values_list("user_id", flat=True))
    twice = [m.person.full_name for m in chosen_mentors if m.person_id in already_people]
    twice += [c.user.get_full_name() for c in chosen_curators if c.user_id in already_users]
    if twice:
        raise ValidationError(f"Уже записаны на это обучение: {', '.join(sorted(set(twice)))}.")
    enrolments = []
    seen_people, seen_users = set(), set()
    for mentor in chosen_mentors:
        if mentor.person_id in seen_people:
            continue
        seen_people.add(mentor.person_id)
        enrolments.append(
            Enrolment(
                training=training,
                person=mentor.person,
                organization=mentor.person.organization,
                enrolled_by=by,
            )
        )
    for membership in chosen_curators:
        if membership.user_id in seen_users:
            continue
        seen_users.add(membership.user_id)
        enrolments.append(
            Enrolment(
                training=training, user=membership.user, organization=membership.organization, enrolled_by=by
            )
        )
    for enrolment in enrolments:
        enrolment.full_clean()
        enrolment.save()
    for mentor in chosen_mentors:
        mentor_training_status_raise(mentor=mentor, status=TrainingStatus.IN_TRAINING)
    return enrolments


def _require_enrolment_manager(by: User, enrolment: Enrolment) -> None:
    if not can_manage_enrolment(by, enrolment):
        raise PermissionDenied("Итог обучения отмечают те, кто ведёт обучение или базу участника.")


@transaction.atomic
def enrolment_complete(
    *,
    by: User,
    enrolment: Enrolment,
    completed_on: datetime.date,
    certificate_number: str = "",
    certificate: UploadedFile | None = None,
) -> Enrolment:
    """Records that the participant completed the training, with the certificate; a mentor becomes
    «trained» in the mentor base (and counts where a program takes trained mentors only)."""
    _require_enrolment_manager(by, enrolment)
    training = enrolment.training
    if completed_on < training.starts_on:
        raise ValidationError(
            {
                "completed_on": f"Обучение началось {training.starts_on:%d.%m.%Y}: окончание не может быть раньше."
            }
        )
    _check_date(completed_on, "completed_on", label="Дата окончания")
    old = enrolment.certificate if enrolment.certificate else None
    enrolment.status = EnrolmentStatus.COMPLETED
    enrolment.completed_on = completed_on
    enrolment.certificate_number = _one_line(certificate_number)
    if certificate is not None:
        _attach(enrolment, "certificate", certificate)
    enrolment.full_clean(exclude=["certificate"])
    save_with_file(enrolment, "certificate")
    if old is not None and enrolment.certificate.name != old.name:
        delete_after_commit(old)
    if enrolment.person_id is not None:
        mentor = MentorProfile.objects.filter(person_id=enrolment.person_id).first()
        if mentor is not None:
            mentor_training_status_raise(mentor=mentor, status=TrainingStatus.TRAINED)
    return enrolment


@transaction.atomic
def enrolment_drop(*, by: User, enrolment: Enrolment) -> Enrolment:
    """Records that the participant did not complete the training. A completed training stays
    completed; the mentor's status in the base is not lowered (change it there if needed)."""
    _require_enrolment_manager(by, enrolment)
    if enrolment.status == EnrolmentStatus.COMPLETED:
        raise ValidationError("Обучение уже завершено: отметить его незавершённым нельзя.")
    enrolment.status = EnrolmentStatus.NOT_COMPLETED
    enrolment.full_clean()
    enrolment.save()
    return enrolment


# --- contests -----------------------------------------------------------------------------------------


def _require_contest_keeper(by: User, municipality_id: int) -> None:
    if not can_keep_contests_in(by, municipality_id):
        raise PermissionDenied("Конкурсы в систему вносит управление образования.")


def _nominations(raw: Iterable[str]) -> list[str]:
    result: list[str] = []
    for line in raw:
        nomination = _one_line(line)
        if nomination and nomination.lower() not in {n.lower() for n in result}:
            result.append(nomination)
    if len(result) > MAX_NOMINATIONS:
        raise ValidationError({"nominations": f"Не больше {MAX_NOMINATIONS} номинаций."})
    if any(len(nomination) > 300 for nomination in result):
        raise ValidationError({"nominations": "Название номинации — не длиннее 300 символов."})
    return result


def _fill_contest(contest: Contest, *, nominations: Iterable[str], **fields: object) -> None:
    for name in ("title", "organizer"):
        fields[name] = _one_line(str(fields.get(name, "")))
    fields["link"] = str(fields.get("link", "")).strip()
    fields["description"] = str(fields.get("description", "")).strip()
    for name, value in fields.items():
        setattr(contest, name, value)
    contest.nominations = _nominations(nominations)


@transaction.atomic
def contest_create(
    *,
    by: User,
    municipality: Municipality,
    title: str,
    level: str,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    nominations: Iterable[str] = (),
    organizer: str = "",
    link: str = "",
    description: str = "",
) -> Contest:
    _require_contest_keeper(by, municipality.pk)
    contest = Contest(municipality=municipality, created_by=by)
    _fill_contest(
        contest,
        nominations=nominations,
        title=title,
        level=level,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        organizer=organizer,
        link=link,
        description=description,
    )
    contest.full_clean()
    contest.save()
    return contest


@transaction.atomic
def contest_update(
    *,
    by: User,
    contest: Contest,
    title: str,
    level: str,
    year: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    nominations: Iterable[str] = (),
    organizer: str = "",
    link: str = "",
    description: str = "",
) -> Contest:
    _require_contest_keeper(by, contest.municipality_id)
    _fill_contest(
        contest,
        nominations=nominations,
        title=title,
        level=level,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        organizer=organizer,
        link=link,
        description=description,
    )
    used = set(contest.entries.exclude(nomination="").values_list("nomination", flat=True))
    missing = sorted(used - set(contest.nominations))
    if missing:
        raise ValidationError(
            {"nominations": f"В номинациях уже есть участники: {', '.join(missing)}. Их нельзя убрать."}
        )
    contest.full_clean()
    contest.save()
    return contest


@transaction.atomic
def contest_entry_create(
    *,
    by: User,
    contest: Contest,
    organization: Organization,
    submitted_on: datetime.date,
    person: Person | None = None,
    nomination: str = "",
) -> ContestEntry:
    """Enters a mentor of the organization (or, without `person`, the organization itself)."""
    if not entrant_organizations_for(by, contest).filter(pk=organization.pk).exists():
        raise PermissionDenied(f"Вы не можете заявлять на конкурс организацию «{organization.short_name}».")
    if (
        person is not None
        and not MentorProfile.objects.filter(
            person=person, person__organization=organization, person__is_archived=False
        ).exists()
    ):
        raise ValidationError({"person": "Выберите наставника из базы этой организации."})
    nomination = _one_line(nomination)
    if contest.nominations and nomination not in contest.nominations:
        raise ValidationError({"nomination": "Выберите номинацию конкурса."})
    if not contest.nominations and nomination:
        raise ValidationError({"nomination": "У этого конкурса нет номинаций."})
    _check_date(submitted_on, "submitted_on", label="Дата заявки")
    entry = ContestEntry(
        contest=contest,
        organization=organization,
        person=person,
        nomination=nomination,
        submitted_on=submitted_on,
        created_by=by,
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def contest_entry_set_result(
    *,
    by: User,
    entry: ContestEntry,
    result: str,
    result_on: datetime.date | None,
    document: Document | None = None,
    file: UploadedFile | None = None,
) -> ContestEntry:
    """Records the result (participant, prize-winner, winner) with the diploma or an order of the
    organization from the registry."""
    if not can_keep_entries_of(by, entry.organization):
        raise PermissionDenied("Итоги конкурса отмечают управление образования и сотрудники организации.")
    if result == ContestResult.PENDING:
        result_on = None
    elif result_on is None:
        raise ValidationError({"result_on": "Укажите дату подведения итогов."})
    else:
        _check_date(result_on, "result_on", label="Дата итогов")
        if result_on < entry.submitted_on:
            raise ValidationError({"result_on": "Итоги не могут быть подведены раньше подачи заявки."})
    if document is not None and document.organization_id != entry.organization_id:
        raise ValidationError({"document": "Выберите документ этой же организации."})
    old = entry.file if entry.file else None
    entry.result = result
    entry.result_on = result_on
    entry.document = document
    if file is not None:
        _attach(entry, "file", file)
    entry.full_clean(exclude=["file"])
    save_with_file(entry)
    if old is not None and entry.file.name != old.name:
        delete_after_commit(old)
    return entry


@transaction.atomic
def contest_entry_delete(*, by: User, entry: ContestEntry) -> None:
    """Withdraws an entry made by mistake; one with a result stays as the record of the contest."""
    if not can_keep_entries_of(by, entry.organization):
        raise PermissionDenied("Заявку отзывают управление образования и сотрудники организации.")
    if entry.result != ContestResult.PENDING:
        raise ValidationError("Итоги уже подведены: участие остаётся в истории конкурса.")
    file = entry.file if entry.file else None
    entry.delete()
    delete_after_commit(file)


# --- awards and events of recognition -----------------------------------------------------------------


def award_kinds_for(organization: Organization) -> list[str]:
    """The forms of encouragement of the organization's incentive scheme (roadmap 1.6), or the default
    list while it has none."""
    scheme = IncentiveScheme.objects.filter(organization=organization).first()
    if scheme is not None and scheme.incentive_kinds:
        return list(scheme.incentive_kinds)
    return list(INCENTIVE_KINDS)


@transaction.atomic
def award_create(
    *,
    by: User,
    organization: Organization,
    person: Person,
    kind: str,
    date: datetime.date,
    reason: str,
    event: RecognitionEvent | None = None,
    document: Document | None = None,
    file: UploadedFile | None = None,
) -> Award:
    """Records an award granted to a mentor by the department or an organization."""
    if not can_grant_awards_of(by, organization):
        raise PermissionDenied(f"Вы не можете поощрять от имени «{organization.short_name}».")
    if not mentors_awardable_by(organization).filter(person=person).exists():
        raise ValidationError({"person": "Поощрить можно наставника из базы этой организации."})
    if kind not in award_kinds_for(organization):
        raise ValidationError({"kind": "Выберите форму поощрения из системы мотивации наставников."})
    _check_date(date, "date", label="Дата поощрения")
    if event is not None and event.municipality_id != organization.municipality_id:
        raise ValidationError({"event": "Выберите мероприятие своего муниципалитета."})
    if document is not None and document.organization_id != organization.pk:
        raise ValidationError({"document": "Выберите приказ этой же организации."})
    award = Award(
        person=person,
        organization=organization,
        kind=kind,
        date=date,
        reason=_one_line(reason),
        event=event,
        document=document,
        created_by=by,
    )
    if file is not None:
        _attach(award, "file", file)
    award.full_clean(exclude=["file"])
    save_with_file(award)
    return award


@transaction.atomic
def award_delete(*, by: User, award: Award) -> None:
    """Removes an award entered by mistake."""
    if not can_grant_awards_of(by, award.organization):
        raise PermissionDenied("Удалить поощрение может тот, кто ведёт поощрения этой организации.")
    file = award.file if award.file else None
    award.delete()
    delete_after_commit(file)


def _fill_event(event: RecognitionEvent, **fields: object) -> None:
    for name in ("title", "place"):
        fields[name] = _one_line(str(fields.get(name, "")))
    fields["description"] = str(fields.get("description", "")).strip()
    for name, value in fields.items():
        setattr(event, name, value)


@transaction.atomic
def recognition_event_create(
    *,
    by: User,
    municipality: Municipality,
    kind: str,
    title: str,
    date: datetime.date,
    place: str = "",
    description: str = "",
    on_portal: bool = True,
) -> RecognitionEvent:
    if not can_keep_recognition_events_in(by, municipality.pk):
        raise PermissionDenied("Мероприятия чествования наставников вносит управление образования.")
    _check_date(date, "date", future_days=2 * 366)
    event = RecognitionEvent(municipality=municipality, created_by=by)
    _fill_event(
        event, kind=kind, title=title, date=date, place=place, description=description, on_portal=on_portal
    )
    event.full_clean()
    event.save()
    _portal_changed(municipality.pk)
    return event


@transaction.atomic
def recognition_event_update(
    *,
    by: User,
    event: RecognitionEvent,
    kind: str,
    title: str,
    date: datetime.date,
    place: str = "",
    description: str = "",
    on_portal: bool = True,
) -> RecognitionEvent:
    if not can_keep_recognition_events_in(by, event.municipality_id):
        raise PermissionDenied("Мероприятия чествования наставников вносит управление образования.")
    _check_date(date, "date", future_days=2 * 366)
    _fill_event(
        event, kind=kind, title=title, date=date, place=place, description=description, on_portal=on_portal
    )
    event.full_clean()
    event.save()
    _portal_changed(event.municipality_id)
    return event

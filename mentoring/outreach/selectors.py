"""Reads of outreach for its pages, exports, the person card and the public portal.

Pages for logged-in users take the acting user and read through mentoring.common.access. The portal's
reads take a municipality instead: they are what anybody on the internet sees, so they show people only
with a valid consent that allows publication (mentors) or a card the person published themself
(curators), and never photos, classes, contacts or other details of pupils.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404

from mentoring.accounts.models import Membership, User
from mentoring.common.access import (
    DEPARTMENT_ROLES,
    OUTREACH_KEEPER_ROLES,
    awards_visible_to,
    campaign_entries_visible_to,
    campaign_organizations_visible_to,
    contest_entries_visible_to,
    contests_visible_to,
    enrolments_visible_to,
    letters_visible_to,
    receipts_answered_by,
    recognition_events_visible_to,
    resources_visible_to,
    scope_of,
    trainings_visible_to,
)
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.outreach.models import (
    Award,
    CampaignEntry,
    Contest,
    ContestEntry,
    Enrolment,
    EnrolmentStatus,
    InformationLetter,
    InformationResource,
    LetterReceipt,
    LetterStatus,
    NewsItem,
    NewsKind,
    PortalContact,
    PortalSettings,
    RecognitionEvent,
    Training,
)
from mentoring.people.models import Consent, MentorProfile, Person, valid_consent_q
from mentoring.people.normalize import normalize_text
from mentoring.programs.models import Program, ProgramStatus
from mentoring.roadmaps.models import ItemCheckpoint, ItemStatus, RoadmapItem

MAX_SEARCH_WORDS = 6
LETTER_DOCUMENT_KIND = "Информационное письмо"
QUARTER_LABELS = ("I", "II", "III", "IV")


# --- letters ----------------------------------------------------------------------------------------


def department_letters(*, visible_to: User, status: str = "") -> QuerySet[InformationLetter]:
    """The department's letters (drafts first, then the newest sent) with how many organizations got
    each and how many have read it."""
    scope = scope_of(visible_to)
    letters = letters_visible_to(visible_to)
    if not scope.is_superuser:
        letters = letters.filter(municipality_id__in=scope.municipalities_with(DEPARTMENT_ROLES))
    if status:
        letters = letters.filter(status=status)
    return (
        letters.annotate(
            recipients_count=Count("receipts", distinct=True),
            read_count=Count("receipts", filter=Q(receipts__read_at__isnull=False), distinct=True),
            attachments_count=Count("attachments", distinct=True),
        )
        .select_related("created_by", "municipality")
        .order_by(F("sent_at").desc(nulls_first=True), "-created_at", "-id")
    )


def incoming_letters(*, visible_to: User, unread_only: bool = False) -> QuerySet[InformationLetter]:
    """Letters sent to the organizations the user reads letters for, unread first."""
    mine = receipts_answered_by(visible_to)
    unread = mine.filter(letter=OuterRef("pk"), read_at__isnull=True)
    letters = (
        InformationLetter.objects.filter(status=LetterStatus.SENT, pk__in=mine.values("letter_id"))
        .annotate(is_unread=Exists(unread), attachments_count=Count("attachments", distinct=True))
        .select_related("municipality")
    )
    if unread_only:
        letters = letters.filter(is_unread=True)
    return letters.order_by("-is_unread", "-sent_at", "-id")


def unread_letters_count(user: User) -> int:
    return receipts_answered_by(user).filter(read_at__isnull=True).values("letter_id").distinct().count()


def letter_receipts(letter: InformationLetter) -> list[LetterReceipt]:
    """Every addressee of a sent letter: those who have not read it first."""
    return list(
        letter.receipts.select_related("organization", "read_by").order_by(
            F("read_at").asc(nulls_first=True), "organization__short_name"
        )
    )


def my_receipts(user: User, letter: InformationLetter) -> list[LetterReceipt]:
    return list(receipts_answered_by(user).filter(letter=letter).select_related("organization", "read_by"))


def quarter_of(day: datetime.date) -> tuple[int, datetime.date, datetime.date]:
    """The quarter (1–4) of the day with its first and last days."""
    quarter = (day.month - 1) // 3 + 1
    first = datetime.date(day.year, 3 * quarter - 2, 1)
    last = (
        datetime.date(day.year, 12, 31)
        if quarter == 4
        else datetime.date(day.year, 3 * quarter + 1, 1) - datetime.timedelta(days=1)
    )
    return quarter, first, last


@dataclass(frozen=True)
class LetterSuggestion:
    item: RoadmapItem
    quarter: str
    due_date: datetime.date


def quarterly_letter_suggestion(*, visible_to: User, today: datetime.date) -> LetterSuggestion | None:
    """The municipal roadmap's quarterly item «информационное письмо» (2.1) when no letter has been sent
    this quarter and the quarter's checkpoint is not done yet."""
    municipalities = scope_of(visible_to).municipalities_with(DEPARTMENT_ROLES)
    if not municipalities:
        return None
    quarter, first, last = quarter_of(today)
    this_quarter = ItemCheckpoint.objects.filter(item=OuterRef("pk"), due_date__range=(first, last))
    item = (
        RoadmapItem.objects.filter(
            roadmap__organization__kind=OrganizationKind.DEPARTMENT,
            roadmap__organization__municipality_id__in=municipalities,
            roadmap__year=today.year,
        )
        .filter(Exists(this_quarter), ~Exists(this_quarter.filter(status=ItemStatus.DONE)))
        .filter(Q(number="2.1") | Q(document_kind__name=LETTER_DOCUMENT_KIND))
        .select_related("roadmap", "roadmap__organization")
        .order_by("position")
        .first()
    )
    if item is None:
        return None
    sent = InformationLetter.objects.filter(
        municipality_id=item.roadmap.organization.municipality_id,
        status=LetterStatus.SENT,
        sent_at__date__range=(first, last),
    )
    if sent.exists():
        return None
    checkpoint = item.checkpoints.filter(due_date__range=(first, last)).order_by("due_date").first()
    return LetterSuggestion(
        item=item,
        quarter=f"{QUARTER_LABELS[quarter - 1]} квартал",
        due_date=checkpoint.due_date if checkpoint else last,
    )


# --- information campaign ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignFilters:
    q: str = ""
    organization_id: int | None = None
    audience: str = ""
    channel: str = ""
    kind: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None


def campaign_list(*, visible_to: User, filters: CampaignFilters) -> QuerySet[CampaignEntry]:
    """Publications and events the user sees, newest first."""
    entries = campaign_entries_visible_to(visible_to)
    for word in normalize_text(filters.q).split()[:MAX_SEARCH_WORDS]:
        entries = entries.filter(title__icontains=word)
    if filters.organization_id:
        entries = entries.filter(organization_id=filters.organization_id)
    if filters.audience:
        entries = entries.filter(audiences__contains=filters.audience)
    if filters.channel:
        entries = entries.filter(channel=filters.channel)
    if filters.kind:
        entries = entries.filter(kind=filters.kind)
    if filters.date_from:
        entries = entries.filter(date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(date__lte=filters.date_to)
    return entries.select_related("organization", "resource").order_by("-date", "-id")


def campaign_overview(
    *, visible_to: User, date_from: datetime.date, date_to: datetime.date
) -> QuerySet[Organization]:
    """Organizations whose campaign the user reads, with their publications, events and reach in the
    period: the department sees who is silent."""
    period = Q(campaign_entries__date__range=(date_from, date_to))
    return (
        campaign_organizations_visible_to(visible_to)
        .filter(is_archived=False)
        .annotate(
            publications=Count("campaign_entries", filter=period & Q(campaign_entries__kind="publication")),
            events=Count("campaign_entries", filter=period & Q(campaign_entries__kind="event")),
            reach=Sum("campaign_entries__reach", filter=period),
            resources=Count(
                "information_resources", filter=Q(information_resources__is_active=True), distinct=True
            ),
        )
        .order_by("kind", "short_name")
    )


def resource_list(*, visible_to: User, organization_id: int | None = None) -> QuerySet[InformationResource]:
    resources = resources_visible_to(visible_to)
    if organization_id:
        resources = resources.filter(organization_id=organization_id)
    return resources.select_related("organization").order_by(
        "organization__short_name", "-is_active", "kind", "title"
    )


# --- the public portal --------------------------------------------------------------------------------


def published_portals() -> QuerySet[PortalSettings]:
    return PortalSettings.objects.filter(is_published=True).select_related("municipality").order_by("title")


def portal_by_code(code: str) -> PortalSettings:
    portal = published_portals().filter(municipality__code=code).first()
    if portal is None:
        raise Http404("Портал не найден")
    return portal


def portal_news(municipality_id: int) -> QuerySet[NewsItem]:
    return NewsItem.objects.filter(municipality_id=municipality_id, is_published=True).order_by(
        "-published_on", "-id"
    )


@dataclass(frozen=True)
class PortalEvent:
    date: datetime.date
    title: str
    place: str
    kind: str
    news_id: int | None = None


def portal_events(municipality_id: int, today: datetime.date, limit: int = 6) -> list[PortalEvent]:
    """Coming events: announcements among the news and events of recognition shown on the portal."""
    events = [
        PortalEvent(date=n.event_date, title=n.title, place=n.place, kind="Событие", news_id=n.pk)  # type: ignore[arg-type]
        for n in portal_news(municipality_id).filter(kind=NewsKind.EVENT, event_date__gte=today)[:limit]
    ]
    events += [
        PortalEvent(date=e.date, title=e.title, place=e.place, kind=e.get_kind_display())
        for e in RecognitionEvent.objects.filter(
            municipality_id=municipality_id, on_portal=True, date__gte=today
        ).order_by("date")[:limit]
    ]
    return sorted(events, key=lambda event: (event.date, event.title))[:limit]


def portal_programs(municipality_id: int) -> QuerySet[Program]:
    """Programs the municipality's organizations shared, running or completed (never their curators)."""
    return (
        Program.objects.filter(
            is_shared=True,
            organization__municipality_id=municipality_id,
            organization__is_archived=False,
            status__in=[ProgramStatus.ACTIVE, ProgramStatus.COMPLETED],
        )
        .select_related("organization", "form")
        .order_by("-is_recommended", "organization__short_name", "title")
    )


def publication_consent_q(today: datetime.date) -> Q:
    """Consents valid today that allow publishing the name on the portal."""
    return valid_consent_q(today) & Q(allows_publication=True)


def portal_mentors(municipality_id: int, today: datetime.date) -> QuerySet[MentorProfile]:
    """Mentors who may be named publicly: in the base, ready to mentor, not archived, with a valid
    consent that allows publication (152-FZ)."""
    consents = Consent.objects.filter(publication_consent_q(today), person=OuterRef("person_id"))
    return (
        MentorProfile.objects.filter(
            person__municipality_id=municipality_id,
            person__is_archived=False,
            person__organization__is_archived=False,
            is_active=True,
        )
        .filter(Exists(consents))
        .select_related("person", "person__organization")
        .order_by("person__organization__short_name", "person__last_name", "person__first_name", "id")
    )


def portal_contacts(municipality_id: int) -> QuerySet[PortalContact]:
    """Cards people published themselves, while they still hold the role in that organization."""
    roles = Membership.objects.filter(
        user_id=OuterRef("user_id"),
        organization_id=OuterRef("organization_id"),
        role__in=OUTREACH_KEEPER_ROLES,
        is_active=True,
    )
    return (
        PortalContact.objects.filter(
            organization__municipality_id=municipality_id,
            organization__is_archived=False,
            user__is_active=True,
        )
        .filter(Exists(roles))
        .select_related("user", "organization")
        .order_by("organization__kind", "organization__short_name", "user__last_name")
    )


# --- trainings ----------------------------------------------------------------------------------------


def training_list(
    *, visible_to: User, audience: str = "", year: int | None = None, q: str = ""
) -> QuerySet[Training]:
    trainings = trainings_visible_to(visible_to)
    if audience:
        trainings = trainings.filter(audience__in=[audience, "both"])
    if year:
        trainings = trainings.filter(starts_on__year=year)
    for word in normalize_text(q).split()[:MAX_SEARCH_WORDS]:
        trainings = trainings.filter(Q(title__icontains=word) | Q(provider__icontains=word))
    return (
        trainings.annotate(
            enrolled_count=Count("enrolments", distinct=True),
            completed_count=Count(
                "enrolments", filter=Q(enrolments__status=EnrolmentStatus.COMPLETED), distinct=True
            ),
        )
        .select_related("organization")
        .order_by("-starts_on", "title")
    )


def training_enrolments(*, training: Training, visible_to: User) -> QuerySet[Enrolment]:
    return (
        enrolments_visible_to(visible_to)
        .filter(training=training)
        .select_related("person", "user", "organization")
        .order_by("organization__short_name", "person__last_name", "user__last_name", "id")
    )


# --- contests -----------------------------------------------------------------------------------------


def contest_list(*, visible_to: User, year: int | None = None, level: str = "") -> QuerySet[Contest]:
    contests = contests_visible_to(visible_to)
    if year:
        contests = contests.filter(year=year)
    if level:
        contests = contests.filter(level=level)
    return contests.annotate(entries_count=Count("entries")).order_by("-year", "-starts_on", "title")


def contest_entries(*, contest: Contest, visible_to: User) -> QuerySet[ContestEntry]:
    return (
        contest_entries_visible_to(visible_to)
        .filter(contest=contest)
        .select_related("organization", "person", "document")
        .order_by("nomination", "organization__short_name", "person__last_name", "id")
    )


# --- awards -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardFilters:
    q: str = ""
    organization_id: int | None = None
    year: int | None = None
    kind: str = ""


def award_list(*, visible_to: User, filters: AwardFilters) -> QuerySet[Award]:
    awards = awards_visible_to(visible_to)
    for word in normalize_text(filters.q).split()[:MAX_SEARCH_WORDS]:
        awards = awards.filter(person__search_name__contains=word)
    if filters.organization_id:
        awards = awards.filter(
            Q(organization_id=filters.organization_id) | Q(person__organization_id=filters.organization_id)
        )
    if filters.year:
        awards = awards.filter(date__year=filters.year)
    if filters.kind:
        awards = awards.filter(kind=filters.kind)
    return awards.select_related(
        "person", "person__organization", "organization", "event", "document"
    ).order_by("-date", "-id")


def awards_with_valid_consent(awards: QuerySet[Award], day: datetime.date) -> QuerySet[Award]:
    """Only awards of people whose personal data may be processed on the day: exports use this."""
    return awards.filter(Exists(Consent.objects.filter(valid_consent_q(day), person=OuterRef("person_id"))))


def recognition_event_list(*, visible_to: User) -> QuerySet[RecognitionEvent]:
    return (
        recognition_events_visible_to(visible_to)
        .annotate(awards_count=Count("awards"))
        .order_by("-date", "title")
    )


# --- the person card ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonOutreach:
    enrolments: list[Enrolment]
    awards: list[Award]
    entries: list[ContestEntry]

    @property
    def trained_hours(self) -> int:
        return sum(e.training.hours for e in self.enrolments if e.status == EnrolmentStatus.COMPLETED)

    @property
    def is_empty(self) -> bool:
        return not (self.enrolments or self.awards or self.entries)


def person_outreach(*, person: Person, visible_to: User) -> PersonOutreach:
    """A mentor's trainings, awards and contests, as far as the user may see them (three queries)."""
    return PersonOutreach(
        enrolments=list(
            enrolments_visible_to(visible_to)
            .filter(person=person)
            .select_related("training")
            .order_by("-training__starts_on", "-id")
        ),
        awards=list(
            awards_visible_to(visible_to)
            .filter(person=person)
            .select_related("organization", "event")
            .order_by("-date", "-id")
        ),
        entries=list(
            contest_entries_visible_to(visible_to)
            .filter(person=person)
            .select_related("contest")
            .order_by("-contest__year", "-id")
        ),
    )

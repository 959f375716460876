"""The demo district's outreach: the portal with its branding, news and curators' contact cards; a year of
quarterly information letters (read by some schools, not by others) and a draft for this quarter; the
information campaign of every school and ДО over the last twelve months (one school silent); trainings
of mentors and curators with enrolments and certificates; the contests «Наставник52», «Наставничество»
and a municipal one with entries and results; events of recognition and awards.

Deterministic (everything follows from positions in the lists and today's date) and idempotent (each
record is keyed by its owner and title; existing ones are left alone). Records are made through the
services with the same checks as the forms; only the moments of sending and reading old letters are
dated back afterwards, since the services stamp them with the present moment.
"""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from mentoring.accounts.models import Membership, Role, User
from mentoring.demo.minimal_files import PdfLine, pdf_document, png_logo
from mentoring.documents.models import Document
from mentoring.organizations.models import Organization, OrganizationKind
from mentoring.outreach import services
from mentoring.outreach.models import (
    Award,
    CampaignAudience,
    CampaignEntry,
    Channel,
    Contest,
    ContestEntry,
    ContestLevel,
    ContestResult,
    Enrolment,
    EntryKind,
    InformationLetter,
    InformationResource,
    LetterReceipt,
    NewsItem,
    NewsKind,
    PortalContact,
    PortalSettings,
    RecognitionEvent,
    RecognitionKind,
    ResourceKind,
    Training,
    TrainingAudience,
    TrainingFormat,
)
from mentoring.people.models import MentorProfile, PersonCategory
from mentoring.roadmaps.models import RoadmapItem

DEPARTMENT_CODE = "brz-uo"
DISTRICT = "Берёзовского муниципального округа"
BRAND_PRIMARY = (31, 95, 139)
BRAND_ACCENT = (242, 169, 0)


def _member(organization: Organization, *roles: str) -> User | None:
    membership = (
        Membership.objects.filter(organization=organization, role__in=roles, is_active=True)
        .select_related("user")
        .order_by("role", "id")
        .first()
    )
    return membership.user if membership else None


def _pdf(title: str, *lines: str) -> bytes:
    return pdf_document(
        [PdfLine(title, size=14, bold=True), *(PdfLine(line) for line in lines)],
        title=title,
    )


def _quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _months_back(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, min(day.day, 28))


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 15)))


# --- the portal -------------------------------------------------------------------------------------

_INTRO = (
    "Целевая модель наставничества обучающихся утверждена распоряжением Минпросвещения России от "
    "25.12.2019 № Р-145. Она помогает каждому ученику и молодому педагогу найти наставника: "
    "старшеклассника, опытного учителя, студента техникума или специалиста предприятия.\n\n"
    "В школах и организациях дополнительного образования Берёзовского округа работают наставнические "
    "пары и группы в формах «ученик – ученик», «учитель – учитель», «студент – ученик» и «работодатель – "
    "ученик». Пары формируются в течение двух недель после выбора формы наставничества, работают по плану "
    "и завершают цикл открытым мероприятием.\n\n"
    "Стать наставником может каждый, кто готов делиться опытом: обратитесь к куратору наставничества в "
    "своей школе или в управление образования."
)

_NEWS = [
    (
        NewsKind.NEWS,
        "Итоги первого полугодия: 148 наставнических пар",
        "В школах и организациях дополнительного образования округа работают 148 наставнических пар и "
        "групп. Больше всего — в форме «ученик – ученик».\n\nУправление образования благодарит кураторов "
        "за своевременное формирование пар.",
        120,
        None,
        "",
    ),
    (
        NewsKind.NEWS,
        "Студенты агротехнического техникума стали наставниками школьников",
        "По соглашению с ГБПОУ «Берёзовский агротехнический техникум» студенты сопровождают проекты "
        "и профориентацию учеников 8–11 классов Берёзовской СШ № 2.",
        75,
        None,
        "",
    ),
    (
        NewsKind.NEWS,
        "Курсы «Школа наставника» завершены",
        "Наставники и кураторы школ прошли дистанционный курс «Школа наставника» (36 часов) и получили "
        "удостоверения о повышении квалификации.",
        40,
        None,
        "",
    ),
    (
        NewsKind.EVENT,
        "Открытые уроки наставнических пар «учитель – учитель»",
        "Молодые педагоги и их наставники приглашают коллег на открытые уроки. Запись — у кураторов "
        "наставничества в школах.",
        10,
        25,
        "МБОУ Берёзовская СШ № 2",
    ),
    (
        NewsKind.EVENT,
        "Родительское собрание «Зачем ребёнку наставник»",
        "Встреча с родителями обучающихся 5–7 классов: как устроено наставничество «ученик – ученик», "
        "кто становится наставником и как дать согласие на участие.",
        3,
        20,
        "МБОУ Берёзовская СШ № 1",
    ),
]


def _portal(organizations: dict[str, Organization], admin: User, today: datetime.date) -> None:
    department = organizations[DEPARTMENT_CODE]
    municipality = department.municipality
    if not PortalSettings.objects.filter(municipality=municipality).exists():
        services.portal_settings_save(
            by=admin,
            municipality=municipality,
            title="Наставничество в Берёзовском округе",
            intro=_INTRO,
            contacts=f"{department.full_name}\n{department.address}\nТелефон: {department.phone}\n"
            f"E-mail: {department.email}",
            primary_colour="#1f5f8b",
            accent_colour="#f2a900",
            is_published=True,
            logo=SimpleUploadedFile(
                "логотип.png", png_logo(size=128, first=BRAND_PRIMARY, second=BRAND_ACCENT)
            ),
        )
    for kind, title, text, days_ago, event_in, place in _NEWS:
        if NewsItem.objects.filter(municipality=municipality, title=title).exists():
            continue
        services.news_create(
            by=admin,
            municipality=municipality,
            kind=kind,
            title=title,
            text=text,
            published_on=today - datetime.timedelta(days=days_ago),
            event_date=today + datetime.timedelta(days=event_in) if event_in else None,
            place=place,
        )
    # Curators of schools 1, 2 and 4 published their cards; the others have not (yet).
    for code in ("brz-school-1", "brz-school-2", "brz-school-4"):
        organization = organizations.get(code)
        curator = _member(organization, Role.CURATOR) if organization else None
        if organization is None or curator is None:
            continue
        if PortalContact.objects.filter(user=curator, organization=organization).exists():
            continue
        services.portal_contact_publish(
            by=curator,
            organization=organization,
            position="Куратор внедрения целевой модели наставничества",
            phone=organization.phone,
            email=organization.email,
        )


# --- information letters ----------------------------------------------------------------------------

_LETTERS = [
    (
        "О формировании баз наставников и наставляемых",
        "Управление образования напоминает о необходимости сформировать базы наставников и наставляемых "
        "и внести их в систему «Наставничество» до конца месяца.\n\nПросим обратить внимание на согласия "
        "законных представителей несовершеннолетних на обработку персональных данных.",
    ),
    (
        "О проведении курсов «Школа наставника»",
        "Информируем о дистанционных курсах повышения квалификации «Школа наставника» (36 часов) для "
        "наставников и кураторов. Просим направить заявки через систему «Наставничество».",
    ),
    (
        "О региональном конкурсе «Наставник52»",
        "Информируем о проведении регионального конкурса профессионального мастерства «Наставник52». "
        "Положение о конкурсе прилагается. Просим представить кандидатуры наставников.",
    ),
    (
        "О мониторинге реализации целевой модели наставничества",
        "Просим до конца квартала провести анкетирование наставников и наставляемых и подготовить "
        "справки о реализации программ наставничества.",
    ),
]
_DRAFT_SUBJECT = "Об итогах квартала и Дне наставника"


def _letters(organizations: dict[str, Organization], admin: User, today: datetime.date) -> None:
    department = organizations[DEPARTMENT_CODE]
    municipality = department.municipality
    current_quarter = _quarter_start(today)
    schools = sorted(
        (
            o
            for o in organizations.values()
            if o.kind in (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY)
        ),
        key=lambda o: o.code,
    )
    for number, (subject, body) in enumerate(_LETTERS, start=1):
        if InformationLetter.objects.filter(municipality=municipality, subject=subject).exists():
            continue
        # One letter in each of the four quarters before this one, oldest first.
        sent_on = _months_back(current_quarter, 3 * (len(_LETTERS) - number + 1)) + datetime.timedelta(
            days=19
        )
        chosen = (
            [] if number != 3 else [o for o in organizations.values() if o.kind == OrganizationKind.SCHOOL]
        )
        letter = services.letter_create(
            by=admin,
            municipality=municipality,
            subject=subject,
            body=body,
            number=f"01-12/{100 + 37 * number}",
            to_all=number != 3,
            organizations=chosen,
        )
        if number == 3:
            services.letter_attachment_add(
                by=admin,
                letter=letter,
                file=SimpleUploadedFile(
                    "Положение о конкурсе Наставник52.pdf",
                    _pdf(
                        "Положение о региональном конкурсе «Наставник52»",
                        "1. Общие положения.",
                        "2. Номинации.",
                    ),
                ),
            )
        services.letter_send(by=admin, letter=letter, send_email=False)
        InformationLetter.objects.filter(pk=letter.pk).update(sent_at=_moment(sent_on, 10))
        # Older letters are read by more schools; the last one still waits for a few of them.
        for index, organization in enumerate(schools):
            if (index + number) % (number + 1) == 0 and number > 1:
                continue
            reader = _member(organization, Role.CURATOR, Role.HEAD)
            receipt = LetterReceipt.objects.filter(letter=letter, organization=organization).first()
            if reader is None or receipt is None:
                continue
            services.letter_mark_read(by=reader, receipt=receipt)
            LetterReceipt.objects.filter(pk=receipt.pk).update(
                read_at=_moment(sent_on + datetime.timedelta(days=1 + index % 5), 9 + index % 8)
            )
    if not InformationLetter.objects.filter(municipality=municipality, subject=_DRAFT_SUBJECT).exists():
        item = RoadmapItem.objects.filter(
            roadmap__organization=department, roadmap__year=today.year, number="2.1"
        ).first()
        services.letter_create(
            by=admin,
            municipality=municipality,
            subject=_DRAFT_SUBJECT,
            body="Информируем об итогах реализации целевой модели наставничества за квартал.\n\n"
            "2 марта — День наставника: просим подготовить предложения о поощрении лучших наставников.",
            to_all=True,
            roadmap_item=item,
        )


# --- information campaign ---------------------------------------------------------------------------

_RESOURCES = [
    (
        ResourceKind.SITE_SECTION,
        "Раздел «Наставничество» на сайте",
        "https://{code}.demo.nastavnik.local/nastavnichestvo",
    ),
    (ResourceKind.SOCIAL_GROUP, "Группа ВКонтакте", "https://vk.com/{code}"),
    (ResourceKind.STAND, "Стенд «Наставничество» в рекреации 2 этажа", ""),
]

_ENTRIES = [
    (
        EntryKind.PUBLICATION,
        "Старт программы наставничества «ученик – ученик»",
        ["pupils", "parents"],
        Channel.SITE,
    ),
    (EntryKind.EVENT, "Родительское собрание о наставничестве", ["parents"], Channel.MEETING),
    (EntryKind.PUBLICATION, "Наставник месяца: рассказ о паре", ["pupils", "teachers"], Channel.SOCIAL),
    (
        EntryKind.EVENT,
        "Педагогический совет «Наставничество молодых учителей»",
        ["teachers"],
        Channel.MEETING,
    ),
    (
        EntryKind.PUBLICATION,
        "Обновлён стенд: фотографии наставнических пар",
        ["pupils", "parents"],
        Channel.STAND,
    ),
    (
        EntryKind.EVENT,
        "Встреча выпускников-наставников со старшеклассниками",
        ["alumni", "pupils"],
        Channel.MEETING,
    ),
    (EntryKind.PUBLICATION, "Статья в газете «Берёзовские вести»", ["parents", "enterprises"], Channel.MEDIA),
    (EntryKind.EVENT, "Экскурсия на предприятие-партнёр", ["pupils", "enterprises"], Channel.MEETING),
    (
        EntryKind.PUBLICATION,
        "Итоги года: открытое мероприятие пар",
        ["pupils", "parents", "teachers"],
        Channel.SOCIAL,
    ),
]
_SILENT_SCHOOL = "brz-school-10"


def _campaign(organizations: dict[str, Organization], admin: User, today: datetime.date) -> None:
    holders = sorted(
        (
            o
            for o in organizations.values()
            if o.kind in (OrganizationKind.SCHOOL, OrganizationKind.SUPPLEMENTARY)
        ),
        key=lambda o: o.code,
    )
    for position, organization in enumerate(holders):
        if organization.code == _SILENT_SCHOOL:
            continue
        keeper = _member(organization, Role.CURATOR, Role.HEAD) or admin
        code = organization.code.removeprefix("brz-")
        resources: dict[str, InformationResource] = {}
        for resource_kind, title, url in _RESOURCES[: 2 + position % 2]:
            resource = InformationResource.objects.filter(organization=organization, title=title).first()
            if resource is None:
                resource = services.resource_create(
                    by=keeper,
                    organization=organization,
                    kind=resource_kind,
                    title=title,
                    url=url.format(code=code),
                )
            resources[resource_kind] = resource
        count = 4 + position % len(_ENTRIES) // 2
        for index in range(count):
            kind, title, audiences, channel = _ENTRIES[(position + index) % len(_ENTRIES)]
            if CampaignEntry.objects.filter(organization=organization, title=title).exists():
                continue
            resource = {
                Channel.SITE: resources.get(ResourceKind.SITE_SECTION),
                Channel.SOCIAL: resources.get(ResourceKind.SOCIAL_GROUP),
                Channel.STAND: resources.get(ResourceKind.STAND),
            }.get(channel)
            link = resource.url if resource is not None and resource.url else ""
            photo = None
            if kind == EntryKind.EVENT and index % 2 == 0:
                photo = SimpleUploadedFile(
                    "фото.png", png_logo(size=96, first=(120, 170, 90), second=BRAND_ACCENT)
                )
            services.campaign_entry_create(
                by=keeper,
                organization=organization,
                date=today - datetime.timedelta(days=12 + 37 * index + 3 * position),
                kind=kind,
                title=title,
                audiences=audiences,
                channel=channel,
                resource=resource,
                link=link,
                reach=None if channel == Channel.STAND else 25 + 15 * ((position + index) % 7),
                photo=photo,
            )
    department = organizations[DEPARTMENT_CODE]
    title = "Публикация в газете «Берёзовские вести»: наставничество в школах округа"
    if not CampaignEntry.objects.filter(organization=department, title=title).exists():
        services.campaign_entry_create(
            by=admin,
            organization=department,
            date=today - datetime.timedelta(days=60),
            title=title,
            audiences=list(CampaignAudience.values),
            channel=Channel.MEDIA,
            reach=1200,
        )


# --- trainings ----------------------------------------------------------------------------------------


def _certificate(training: Training, name: str, number: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "удостоверение.pdf",
        _pdf(
            "УДОСТОВЕРЕНИЕ о повышении квалификации",
            f"№ {number}",
            f"Выдано: {name}",
            f"прошёл(а) обучение по программе «{training.title}» в объёме {training.hours} часов.",
            training.provider,
        ),
    )


def _trainings(organizations: dict[str, Organization], admin: User, today: datetime.date) -> None:
    department = organizations[DEPARTMENT_CODE]
    municipality = department.municipality
    course_start = _months_back(today, 7)
    specs = [
        (
            department,
            "Школа наставника: организация наставнической деятельности в образовательной организации",
            "ГБОУ ДПО «Нижегородский институт развития образования»",
            TrainingFormat.REMOTE,
            TrainingAudience.BOTH,
            36,
            course_start,
            course_start + datetime.timedelta(days=25),
        ),
        (
            department,
            "Семинар для кураторов: мониторинг и оценка эффективности программ наставничества",
            "ИМГ управления образования",
            TrainingFormat.IN_PERSON,
            TrainingAudience.CURATORS,
            6,
            today - datetime.timedelta(days=35),
            today - datetime.timedelta(days=35),
        ),
        (
            organizations.get("brz-school-1"),
            "Тренинг для наставников-старшеклассников «Как помочь однокласснику»",
            "Педагог-психолог МБОУ Берёзовская СШ № 1",
            TrainingFormat.IN_PERSON,
            TrainingAudience.MENTORS,
            8,
            today + datetime.timedelta(days=14),
            today + datetime.timedelta(days=15),
        ),
    ]
    trainings: list[Training] = []
    for organization, title, provider, format_, audience, hours, starts_on, ends_on in specs:
        if organization is None:
            continue
        training = Training.objects.filter(municipality=municipality, title=title).first()
        if training is None:
            keeper = admin if organization == department else (_member(organization, Role.CURATOR) or admin)
            training = services.training_create(
                by=keeper,
                organization=organization,
                title=title,
                provider=provider,
                format=format_,
                audience=audience,
                hours=hours,
                starts_on=starts_on,
                ends_on=ends_on,
                place="Платформа дистанционного обучения НИРО" if format_ == TrainingFormat.REMOTE else "",
            )
        trainings.append(training)
    if not trainings or Enrolment.objects.filter(training__municipality=municipality).exists():
        return
    course, seminar = trainings[0], trainings[1] if len(trainings) > 1 else None
    teachers = list(
        MentorProfile.objects.filter(
            person__municipality=municipality,
            person__category__code=PersonCategory.TEACHER,
            person__is_archived=False,
        )
        .select_related("person", "person__organization")
        .order_by("person__organization__code", "id")[:12]
    )
    partner_mentors = list(
        MentorProfile.objects.filter(
            person__municipality=municipality, person__category__code=PersonCategory.PARTNER_EMPLOYEE
        )
        .select_related("person")
        .order_by("id")[:3]
    )
    curators = list(
        Membership.objects.filter(organization__municipality=municipality, role=Role.CURATOR, is_active=True)
        .select_related("user", "organization")
        .order_by("organization__code")[:6]
    )
    services.training_enrol(by=admin, training=course, mentors=teachers + partner_mentors, curators=curators)
    for index, enrolment in enumerate(
        Enrolment.objects.filter(training=course).select_related("person", "user").order_by("id")
    ):
        if index % 7 == 6:
            services.enrolment_drop(by=admin, enrolment=enrolment)
            continue
        number = f"5222-{course.starts_on.year}-{1040 + index}"
        services.enrolment_complete(
            by=admin,
            enrolment=enrolment,
            completed_on=course.ends_on,
            certificate_number=number,
            certificate=_certificate(course, enrolment.participant_name, number) if index % 3 == 0 else None,
        )
    if seminar is not None:
        services.training_enrol(by=admin, training=seminar, curators=curators[:5])
        for enrolment in Enrolment.objects.filter(training=seminar).order_by("id")[:4]:
            services.enrolment_complete(by=admin, enrolment=enrolment, completed_on=seminar.ends_on)
    if len(trainings) > 2:
        school_training = trainings[2]
        pupils = MentorProfile.objects.filter(
            person__organization=school_training.organization, person__category__code=PersonCategory.PUPIL
        ).order_by("id")[:4]
        keeper = _member(school_training.organization, Role.CURATOR) or admin
        services.training_enrol(by=keeper, training=school_training, mentors=list(pupils))


# --- contests -----------------------------------------------------------------------------------------


def _contests(organizations: dict[str, Organization], admin: User, today: datetime.date) -> None:
    department = organizations[DEPARTMENT_CODE]
    municipality = department.municipality
    last_year = today.year - 1
    specs = [
        (
            "Наставник52",
            ContestLevel.REGIONAL,
            last_year,
            ["Наставник молодого педагога", "Наставник обучающихся", "Наставник-работодатель"],
            "Министерство образования и науки Нижегородской области",
            datetime.date(last_year, 9, 15),
            datetime.date(last_year, 12, 10),
        ),
        (
            "Наставничество",
            ContestLevel.FEDERAL,
            today.year,
            [],
            "Минпросвещения России",
            today - datetime.timedelta(days=40),
            today + datetime.timedelta(days=90),
        ),
        (
            "Лучшая наставническая пара",
            ContestLevel.MUNICIPAL,
            last_year,
            ["Ученик – ученик", "Учитель – учитель"],
            "Управление образования",
            datetime.date(last_year, 10, 1),
            datetime.date(last_year, 11, 30),
        ),
    ]
    contests: dict[str, Contest] = {}
    for title, level, year, nominations, organizer, starts_on, ends_on in specs:
        contest = Contest.objects.filter(municipality=municipality, title=title, year=year).first()
        if contest is None:
            contest = services.contest_create(
                by=admin,
                municipality=municipality,
                title=title,
                level=level,
                year=year,
                nominations=nominations,
                organizer=organizer,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        contests[title] = contest
    if ContestEntry.objects.filter(contest__municipality=municipality).exists():
        return
    regional = contests["Наставник52"]
    results = [ContestResult.WINNER, ContestResult.PRIZE_WINNER, ContestResult.PARTICIPANT]
    for index, code in enumerate(("brz-school-1", "brz-school-2", "brz-school-4")):
        organization = organizations.get(code)
        mentor = (
            MentorProfile.objects.filter(
                person__organization=organization, person__category__code=PersonCategory.TEACHER
            )
            .select_related("person")
            .order_by("id")
            .first()
        )
        if organization is None or mentor is None:
            continue
        entry = services.contest_entry_create(
            by=admin,
            contest=regional,
            organization=organization,
            person=mentor.person,
            nomination=regional.nominations[index % 2],
            submitted_on=regional.starts_on + datetime.timedelta(days=10),
        )
        services.contest_entry_set_result(
            by=admin,
            entry=entry,
            result=results[index],
            result_on=regional.ends_on,
            file=SimpleUploadedFile(
                "диплом.pdf",
                _pdf(
                    f"ДИПЛОМ — {ContestResult(results[index]).label}",
                    f"{mentor.person.full_name}",
                    regional.title,
                ),
            )
            if index < 2
            else None,
        )
    school = organizations.get("brz-school-1")
    if school is not None:
        services.contest_entry_create(
            by=admin,
            contest=contests["Наставничество"],
            organization=school,
            submitted_on=contests["Наставничество"].starts_on + datetime.timedelta(days=5),
        )
    municipal = contests["Лучшая наставническая пара"]
    for index, code in enumerate(("brz-school-3", "brz-school-5", "brz-do-1")):
        organization = organizations.get(code)
        mentor = (
            MentorProfile.objects.filter(person__organization=organization)
            .select_related("person")
            .order_by("id")
            .first()
        )
        if organization is None or mentor is None:
            continue
        entry = services.contest_entry_create(
            by=admin,
            contest=municipal,
            organization=organization,
            person=mentor.person,
            nomination=municipal.nominations[0 if mentor.person.category.code == PersonCategory.PUPIL else 1],
            submitted_on=municipal.starts_on + datetime.timedelta(days=7),
        )
        services.contest_entry_set_result(
            by=admin, entry=entry, result=results[index], result_on=municipal.ends_on
        )


# --- events of recognition and awards ---------------------------------------------------------------


def _mentor_day(year: int) -> datetime.date:
    return datetime.date(year, 3, 2)


def _recognition(organizations: dict[str, Organization], admin: User, today: datetime.date) -> None:
    department = organizations[DEPARTMENT_CODE]
    municipality = department.municipality
    past_day = _mentor_day(today.year if today >= _mentor_day(today.year) else today.year - 1)
    coming_day = _mentor_day(past_day.year + 1)
    conference = datetime.date(today.year if (today.month, today.day) >= (8, 27) else today.year - 1, 8, 27)
    specs = [
        (RecognitionKind.MENTOR_DAY, f"День наставника — {past_day.year}", past_day, "Районный дом культуры"),
        (
            RecognitionKind.CONFERENCE,
            "Августовская педагогическая конференция: секция наставничества",
            conference,
            "МБОУ Берёзовская СШ № 1",
        ),
        (
            RecognitionKind.FESTIVAL,
            "Фестиваль наставнических практик",
            today + datetime.timedelta(days=45),
            "МБУ ДО «Дом детского творчества»",
        ),
        (
            RecognitionKind.MENTOR_DAY,
            f"День наставника — {coming_day.year}",
            coming_day,
            "Районный дом культуры",
        ),
    ]
    events: dict[str, RecognitionEvent] = {}
    for kind, title, date, place in specs:
        event = RecognitionEvent.objects.filter(municipality=municipality, title=title).first()
        if event is None:
            event = services.recognition_event_create(
                by=admin,
                municipality=municipality,
                kind=kind,
                title=title,
                date=date,
                place=place,
                description="Чествование наставников, вручение наград, выступления наставнических пар.",
            )
        events[title] = event
    day_event = events[specs[0][1]]
    kinds = services.award_kinds_for(department)
    order = Document.objects.filter(organization=department).order_by("id").first()
    mentors = list(
        MentorProfile.objects.filter(
            person__municipality=municipality, person__category__code=PersonCategory.TEACHER
        )
        .select_related("person")
        .order_by("person__organization__code", "id")[::4][:5]
    )
    for index, mentor in enumerate(mentors):
        reason = "За высокие результаты наставнической деятельности и подготовку молодых педагогов"
        if mentor.person.awards.filter(organization=department, reason=reason).exists():
            continue
        services.award_create(
            by=admin,
            organization=department,
            person=mentor.person,
            kind=kinds[0],
            date=day_event.date,
            reason=reason,
            event=day_event,
            document=order if index == 0 else None,
        )
    for code in ("brz-school-1", "brz-school-2", "brz-school-3"):
        school = organizations.get(code)
        if school is None:
            continue
        keeper = _member(school, Role.HEAD, Role.CURATOR) or admin
        school_kind = services.award_kinds_for(school)[0]
        for index, mentor in enumerate(
            MentorProfile.objects.filter(person__organization=school)
            .select_related("person")
            .order_by("id")[:2]
        ):
            reason = "За успешное сопровождение наставляемого в первом полугодии"
            if mentor.person.awards.filter(organization=school, reason=reason).exists():
                continue
            services.award_create(
                by=keeper,
                organization=school,
                person=mentor.person,
                kind=school_kind,
                date=min(today, day_event.date + datetime.timedelta(days=30 + 10 * index)),
                reason=reason,
                file=SimpleUploadedFile(
                    "благодарственное письмо.pdf",
                    _pdf("БЛАГОДАРСТВЕННОЕ ПИСЬМО", mentor.person.full_name, reason, school.full_name),
                )
                if index == 0
                else None,
            )


@transaction.atomic
def load_demo_outreach(organizations: dict[str, Organization]) -> int:
    """Fills the outreach of the demo district; returns the number of its campaign records, letters,
    trainings, contests and awards together."""
    department = organizations.get(DEPARTMENT_CODE)
    admin = _member(department, Role.DEPARTMENT_ADMIN) if department else None
    if department is None or admin is None:
        return 0
    today = timezone.localdate()
    _portal(organizations, admin, today)
    _letters(organizations, admin, today)
    _campaign(organizations, admin, today)
    _trainings(organizations, admin, today)
    _contests(organizations, admin, today)
    _recognition(organizations, admin, today)
    municipality_id = department.municipality_id
    return (
        CampaignEntry.objects.filter(organization__municipality_id=municipality_id).count()
        + InformationLetter.objects.filter(municipality_id=municipality_id).count()
        + Training.objects.filter(municipality_id=municipality_id).count()
        + Contest.objects.filter(municipality_id=municipality_id).count()
        + ContestEntry.objects.filter(contest__municipality_id=municipality_id).count()
        + Award.objects.filter(organization__municipality_id=municipality_id).count()
    )

"""Every write of the surveys: questionnaires and their items, rounds with invitations and e-mails,
answers (by the participant or from paper by the curator), pulse schedules and the rounds they send,
SWOT analyses."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from mentoring.accounts.models import User
from mentoring.common.access import (
    can_edit_questionnaire,
    can_run_surveys_of,
    questionnaire_owners_for,
)
from mentoring.common.validators import plain_text
from mentoring.library.validators import free_text
from mentoring.mentorships.models import OPEN_STATUSES, Mentorship, MentorshipMentee, MentorshipStatus
from mentoring.organizations.models import Municipality, Organization
from mentoring.people.models import Person
from mentoring.programs.models import MentoringForm, Program
from mentoring.surveys.models import (
    SCALE_MAX,
    SCALE_MIN,
    Answer,
    Audience,
    MeasureGroup,
    PulseSchedule,
    Purpose,
    Question,
    QuestionKind,
    Questionnaire,
    RoundKind,
    SurveyInvitation,
    SurveyResponse,
    SurveyRound,
    SwotAnalysis,
)

logger = logging.getLogger(__name__)

MAX_OPTIONS = 20
MAX_OPTION_LENGTH = 200
MAX_QUESTIONS = 60
MAX_TEXT_ANSWER = 3000
MAX_ROUND_DAYS = 120
EARLIEST_DATE = datetime.date(2019, 1, 1)
# Mentorships whose participants a round asks: working ones and those that finished their cycle.
INVITED_STATUSES = (*OPEN_STATUSES, MentorshipStatus.COMPLETED)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _full_clean(instance: Any, exclude: Sequence[str] = ()) -> None:
    instance.full_clean(exclude=list(exclude))


# --- questionnaires -----------------------------------------------------------------------------------


def _require_editable(by: User, questionnaire: Questionnaire) -> None:
    if questionnaire.is_default:
        raise PermissionDenied(
            "Анкеты по умолчанию не изменяются: скопируйте анкету к себе и измените копию."
        )
    if not can_edit_questionnaire(by, questionnaire):
        raise PermissionDenied(
            "Анкеты муниципалитета изменяет управление образования, анкеты организации — её руководитель "
            "и куратор."
        )


def _check_owner(
    by: User, municipality: Municipality | None, organization: Organization | None
) -> Municipality:
    municipalities, organizations = questionnaire_owners_for(by)
    if organization is not None:
        if not organizations.filter(pk=organization.pk).exists():
            raise PermissionDenied("Анкеты организации создают её руководитель и куратор.")
        return organization.municipality
    if municipality is None or not municipalities.filter(pk=municipality.pk).exists():
        raise PermissionDenied("Анкеты муниципалитета создаёт управление образования.")
    return municipality


def _check_form(form: MentoringForm | None, municipality: Municipality) -> None:
    if form is not None and form.municipality_id not in (None, municipality.pk):
        raise ValidationError({"form": "Выберите форму наставничества своего муниципалитета."})


def _check_purpose_change(questionnaire: Questionnaire, purpose: str) -> None:
    if (
        purpose not in (Purpose.ENTRY, Purpose.EXIT)
        and questionnaire.questions.exclude(measure_code="").exists()
    ):
        raise ValidationError(
            {"purpose": "В анкете есть показатели роста: они бывают только во входной и итоговой анкетах."}
        )


@transaction.atomic
def questionnaire_create(
    *,
    by: User,
    municipality: Municipality | None = None,
    organization: Organization | None = None,
    title: str,
    description: str = "",
    purpose: str,
    audience: str,
    form: MentoringForm | None = None,
) -> Questionnaire:
    """A new empty questionnaire of a municipality (organization None) or of an organization."""
    owner_municipality = _check_owner(by, municipality, organization)
    _check_form(form, owner_municipality)
    questionnaire = Questionnaire(
        municipality=owner_municipality,
        organization=organization,
        title=_one_line(title),
        description=description.strip(),
        purpose=purpose,
        audience=audience,
        form=form,
    )
    _full_clean(questionnaire)
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *,
    by: User,
    questionnaire: Questionnaire,
    title: str,
    description: str,
    purpose: str,
    audience: str,
    form: MentoringForm | None,
    is_active: bool = True,
) -> Questionnaire:
    _require_editable(by, questionnaire)
    if questionnaire.municipality is not None:
        _check_form(form, questionnaire.municipality)
    if questionnaire.rounds.exists() and (purpose, audience) != (
        questionnaire.purpose,
        questionnaire.audience,
    ):
        raise ValidationError(
            "По анкете уже проводились опросы: её назначение и адресатов изменить нельзя. "
            "Скопируйте анкету и измените копию."
        )
    _check_purpose_change(questionnaire, purpose)
    questionnaire.title = _one_line(title)
    questionnaire.description = description.strip()
    questionnaire.purpose = purpose
    questionnaire.audience = audience
    questionnaire.form = form
    questionnaire.is_active = is_active
    _full_clean(questionnaire)
    questionnaire.save()
    return questionnaire


@transaction.atomic
def questionnaire_copy(
    *,
    by: User,
    questionnaire: Questionnaire,
    municipality: Municipality | None = None,
    organization: Organization | None = None,
    title: str = "",
) -> Questionnaire:
    """A copy (with every item) of a questionnaire the user sees, as the municipality's or the
    organization's own; the copy is then edited freely."""
    owner_municipality = _check_owner(by, municipality, organization)
    if questionnaire.municipality_id not in (None, owner_municipality.pk):
        raise ValidationError("Копировать можно анкеты по умолчанию и анкеты своего муниципалитета.")
    form = questionnaire.form
    if form is not None and form.municipality_id not in (None, owner_municipality.pk):
        form = None
    copy = Questionnaire(
        municipality=owner_municipality,
        organization=organization,
        title=_one_line(title) or questionnaire.title,
        description=questionnaire.description,
        purpose=questionnaire.purpose,
        audience=questionnaire.audience,
        form=form,
        copied_from=questionnaire,
    )
    _full_clean(copy)
    copy.save()
    for question in questionnaire.questions.order_by("position", "id"):
        Question.objects.create(
            questionnaire=copy,
            position=question.position,
            text=question.text,
            kind=question.kind,
            is_required=question.is_required,
            options=list(question.options),
            measure_group=question.measure_group,
            measure_code=question.measure_code,
            counts_for_satisfaction=question.counts_for_satisfaction,
        )
    return copy


def parse_options(text: str) -> list[str]:
    """Options typed one per line: trimmed, empty lines dropped."""
    return [_one_line(line) for line in text.splitlines() if line.strip()]


def _clean_options(kind: str, options: Iterable[str]) -> list[str]:
    cleaned = [_one_line(option) for option in options if option.strip()]
    if kind not in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        return []
    if len(cleaned) < 2:
        raise ValidationError({"options": "Укажите хотя бы два варианта ответа, по одному в строке."})
    if len(cleaned) > MAX_OPTIONS:
        raise ValidationError({"options": f"Вариантов ответа не больше {MAX_OPTIONS}."})
    if len(set(cleaned)) != len(cleaned):
        raise ValidationError({"options": "Варианты ответа повторяются."})
    for option in cleaned:
        if len(option) > MAX_OPTION_LENGTH:
            raise ValidationError({"options": f"Вариант ответа длиннее {MAX_OPTION_LENGTH} знаков."})
        try:
            plain_text(option)
        except ValidationError as error:
            raise ValidationError({"options": error.messages}) from error
    return cleaned


@transaction.atomic
def question_save(
    *,
    by: User,
    questionnaire: Questionnaire,
    question: Question | None = None,
    text: str,
    kind: str,
    is_required: bool = True,
    options: Iterable[str] = (),
    measure_group: str = "",
    measure_code: str = "",
    counts_for_satisfaction: bool = False,
) -> Question:
    """Adds an item at the end of the questionnaire or changes one. An item already answered keeps its
    kind and its options may only be added to (answers keep the chosen texts)."""
    _require_editable(by, questionnaire)
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if question is not None and question.questionnaire_id != questionnaire.pk:
        raise ValidationError("Вопрос из другой анкеты.")
    if kind not in QuestionKind.values:
        raise ValidationError({"kind": "Выберите вид ответа из списка."})
    cleaned_options = _clean_options(kind, options)
    measure_code = measure_code.strip()
    if measure_group and measure_group not in MeasureGroup.values:
        raise ValidationError({"measure_group": "Выберите группу показателей из списка."})
    if bool(measure_code) != bool(measure_group):
        raise ValidationError({"measure_code": "Для показателя роста укажите и группу, и код."})
    if measure_code:
        if kind != QuestionKind.SCALE:
            raise ValidationError({"measure_code": "Показатель роста — это вопрос со шкалой 1–10."})
        if questionnaire.purpose not in (Purpose.ENTRY, Purpose.EXIT):
            raise ValidationError(
                {"measure_code": "Показатели роста задаются только во входной и итоговой анкетах."}
            )
        duplicates = questionnaire.questions.filter(measure_code=measure_code)
        if question is not None:
            duplicates = duplicates.exclude(pk=question.pk)
        if duplicates.exists():
            raise ValidationError({"measure_code": "Показатель с таким кодом в анкете уже есть."})
    if counts_for_satisfaction and kind != QuestionKind.SCALE:
        raise ValidationError(
            {"counts_for_satisfaction": "В удовлетворённость входят только вопросы со шкалой 1–10."}
        )
    if question is None:
        if questionnaire.questions.count() >= MAX_QUESTIONS:
            raise ValidationError(f"В анкете не больше {MAX_QUESTIONS} вопросов.")
        last = questionnaire.questions.aggregate(last=Max("position"))["last"] or 0
        question = Question(questionnaire=questionnaire, position=last + 1)
    elif question.answers.exists():
        if kind != question.kind:
            raise ValidationError({"kind": "На вопрос уже отвечали: вид ответа изменить нельзя."})
        removed = set(question.options) - set(cleaned_options)
        if removed:
            raise ValidationError(
                {
                    "options": "На вопрос уже отвечали: варианты можно добавлять, но не убирать и не переименовывать."
                }
            )
    question.text = _one_line(text)
    question.kind = kind
    question.is_required = is_required
    question.options = cleaned_options
    question.measure_group = measure_group if measure_code else ""
    question.measure_code = measure_code
    question.counts_for_satisfaction = counts_for_satisfaction
    _full_clean(question, exclude=["questionnaire"])
    question.save()
    return question


@transaction.atomic
def question_move(*, by: User, question: Question, direction: str) -> None:
    """Swaps the item with its neighbour above ("up") or below ("down"); positions are renumbered 1..n."""
    _require_editable(by, question.questionnaire)
    if direction not in ("up", "down"):
        raise ValidationError("Неизвестное направление.")
    questions = list(
        Question.objects.select_for_update()
        .filter(questionnaire_id=question.questionnaire_id)
        .order_by("position", "id")
    )
    index = next(i for i, q in enumerate(questions) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(questions):
        questions[index], questions[other] = questions[other], questions[index]
    for position, item in enumerate(questions, start=1):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


@transaction.atomic
def question_delete(*, by: User, question: Question) -> None:
    _require_editable(by, question.questionnaire)
    if question.answers.exists():
        raise ValidationError(
            "На этот вопрос уже отвечали: удалить его нельзя, иначе пропадут ответы. Скопируйте анкету, "
            "если нужна новая редакция."
        )
    questionnaire_id = question.questionnaire_id
    question.delete()
    for position, item in enumerate(
        Question.objects.filter(questionnaire_id=questionnaire_id).order_by("position", "id"), start=1
    ):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


# --- who is asked -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Invitee:
    person: Person
    role: str
    mentorship_id: int | None


def questionnaires_for_program(program: Program) -> Any:
    """The active questionnaires a round of this program may send: the defaults, the municipality's
    and the organization's own, for the program's form or for any form."""
    organization = program.organization
    return Questionnaire.objects.filter(
        Q(municipality__isnull=True)
        | Q(municipality_id=organization.municipality_id, organization__isnull=True)
        | Q(organization_id=organization.pk),
        Q(form__isnull=True) | Q(form_id=program.form_id),
        is_active=True,
    )


def mentorship_invitees(mentorships: Iterable[Mentorship], audience: str) -> list[Invitee]:
    """The current mentor or the mentees of each mentorship; a person in several gets one invitation
    (with the latest mentorship)."""
    chosen: dict[int, Invitee] = {}
    for mentorship in sorted(mentorships, key=lambda m: (m.started_on, m.pk)):
        if audience == Audience.MENTOR:
            people = [mentorship.mentor.person]
        else:
            places: list[MentorshipMentee] = list(mentorship.participants.all())
            if mentorship.status in OPEN_STATUSES:
                places = [place for place in places if place.is_active]
            else:
                # A finished pair asks everybody who stayed to the end.
                places = [
                    place for place in places if place.is_active or place.left_on == mentorship.ended_on
                ]
            people = [place.mentee.person for place in places]
        for person in people:
            if not person.is_archived:
                chosen[person.pk] = Invitee(person=person, role=audience, mentorship_id=mentorship.pk)
    return sorted(chosen.values(), key=lambda invitee: (invitee.person.last_name, invitee.person.pk))


def program_invitees(program: Program, audience: str) -> list[Invitee]:
    """Who a round of the program with this audience asks: the mentors or the mentees of its open and
    completed mentorships, or its curator (through the curator's record in the bases)."""
    if audience == Audience.CURATOR:
        if program.curator_id is None:
            return []
        person = (
            Person.objects.filter(user_id=program.curator_id, is_archived=False)
            .select_related("user")
            .first()
        )
        return [Invitee(person=person, role=audience, mentorship_id=None)] if person else []
    mentorships = (
        Mentorship.objects.filter(program=program, status__in=INVITED_STATUSES)
        .select_related("mentor__person__user")
        .prefetch_related("participants__mentee__person__user")
    )
    return mentorship_invitees(mentorships, audience)


def _email_of(person: Person) -> str:
    if person.email:
        return person.email
    user = person.user
    return user.email if user is not None and user.email else ""


def _invitation_email(person: Person, survey_round: SurveyRound, address: str) -> EmailMessage:
    """One letter to one participant: their first name, the program and the questionnaire, nothing
    about anybody else."""
    program = survey_round.program
    body = (
        f"Здравствуйте, {person.first_name}!\n\n"
        f"В программе наставничества «{program.title}» ({program.organization.short_name}) открыт опрос "
        f"«{survey_round.questionnaire.title}». Ответить можно до {survey_round.closes_on:%d.%m.%Y}.\n\n"
        "Войдите в систему «Наставничество» и откройте «Мой профиль» — блок «Мои анкеты». Если у вас нет "
        "учётной записи, попросите у куратора программы бумажную анкету.\n\n"
        "Ваши ответы видят только куратор и руководитель организации. Это письмо отправлено автоматически."
    )
    return EmailMessage("Наставничество: просим ответить на анкету", body, None, [address])


def _invite(survey_round: SurveyRound, invitees: Sequence[Invitee]) -> list[SurveyInvitation]:
    """Creates the invitations and sends the letters (after the rows are written; a failed mail server
    leaves the round and marks the letters as not sent)."""
    invitations = []
    letters: list[tuple[SurveyInvitation, EmailMessage]] = []
    for invitee in invitees:
        address = _email_of(invitee.person)
        invitation = SurveyInvitation.objects.create(
            round=survey_round,
            person=invitee.person,
            role=invitee.role,
            mentorship_id=invitee.mentorship_id,
            emailed=bool(address),
        )
        invitations.append(invitation)
        if address:
            letters.append((invitation, _invitation_email(invitee.person, survey_round, address)))
    if letters:
        try:
            get_connection().send_messages([letter for _, letter in letters])
        except Exception:  # the round stays; the curator sees who was not e-mailed
            logger.exception("Не удалось отправить приглашения в опрос %s", survey_round.pk)
            SurveyInvitation.objects.filter(pk__in=[i.pk for i, _ in letters]).update(emailed=False)
            for invitation, _ in letters:
                invitation.emailed = False
    return invitations


def _check_round_dates(opens_on: datetime.date, closes_on: datetime.date) -> None:
    if opens_on < EARLIEST_DATE:
        raise ValidationError({"opens_on": f"Дата не может быть раньше {EARLIEST_DATE:%d.%m.%Y}."})
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "Опрос не может закрыться раньше, чем откроется."})
    if (closes_on - opens_on).days > MAX_ROUND_DAYS:
        raise ValidationError({"closes_on": f"Опрос открыт не дольше {MAX_ROUND_DAYS} дней."})
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": "Дата закрытия уже прошла: участники не успеют ответить."})


@transaction.atomic
def round_create(
    *,
    by: User,
    program: Program,
    questionnaire: Questionnaire,
    opens_on: datetime.date,
    closes_on: datetime.date,
) -> SurveyRound:
    """Sends a questionnaire to the participants of a program in the questionnaire's audience: an
    invitation on their page and a letter to those with an e-mail."""
    if not can_run_surveys_of(by, program.organization):
        raise PermissionDenied("Опросы программы проводят руководитель и куратор организации.")
    if not questionnaires_for_program(program).filter(pk=questionnaire.pk).exists():
        raise ValidationError(
            {"questionnaire": "Эта анкета не подходит программе: выберите действующую анкету её формы."}
        )
    _check_round_dates(opens_on, closes_on)
    invitees = program_invitees(program, questionnaire.audience)
    if not invitees:
        if questionnaire.audience == Audience.CURATOR:
            raise ValidationError(
                {
                    "questionnaire": "У программы нет куратора с записью в базе участников: назначьте куратора "
                    "и свяжите его учётную запись с записью в базе."
                }
            )
        raise ValidationError(
            {
                "questionnaire": "В программе пока некого опрашивать: нет работающих или завершённых пар и групп."
            }
        )
    survey_round = SurveyRound(
        program=program,
        questionnaire=questionnaire,
        kind=RoundKind.MANUAL,
        opens_on=opens_on,
        closes_on=closes_on,
        created_by=by,
    )
    _full_clean(survey_round)
    survey_round.save()
    _invite(survey_round, invitees)
    return survey_round


# --- answers ---------------------------------------------------------------------------------------


def _as_list(value: Any) -> list[Any]:
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def clean_answers(questions: Sequence[Question], raw: Mapping[str, Any]) -> list[Answer]:
    """Checks the answers to every item (keys `q<id>`; a scale value, an option text, a list of option
    texts or a text) and returns unsaved Answer rows for the non-empty ones; every problem is reported
    at once, on its item."""
    errors: dict[str, list[str]] = {}
    answers: list[Answer] = []
    known = {f"q{question.pk}" for question in questions}
    if set(raw) - known:
        raise ValidationError("В ответе есть вопросы не из этой анкеты. Обновите страницу и ответьте снова.")
    for question in questions:
        key = f"q{question.pk}"
        value = raw.get(key)
        answer = Answer(question=question)
        if question.kind == QuestionKind.SCALE:
            text = str(value).strip() if value is not None else ""
            if text:
                if not text.isdigit() or not SCALE_MIN <= int(text) <= SCALE_MAX:
                    errors[key] = [f"Оценка — целое число от {SCALE_MIN} до {SCALE_MAX}."]
                    continue
                answer.number = int(text)
            filled = answer.number is not None
        elif question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            chosen = [str(item) for item in _as_list(value) if str(item) != ""]
            if any(item not in question.options for item in chosen) or len(set(chosen)) != len(chosen):
                errors[key] = ["Выберите ответ из предложенных вариантов."]
                continue
            if question.kind == QuestionKind.SINGLE and len(chosen) > 1:
                errors[key] = ["Выберите один вариант."]
                continue
            answer.choices = [option for option in question.options if option in chosen]
            filled = bool(chosen)
        else:
            text = str(value).strip() if value is not None else ""
            if len(text) > MAX_TEXT_ANSWER:
                errors[key] = [f"Ответ длиннее {MAX_TEXT_ANSWER} знаков: сократите его."]
                continue
            try:
                free_text(text)
            except ValidationError as error:
                errors[key] = list(error.messages)
                continue
            answer.text = text
            filled = bool(text)
        if not filled:
            if question.is_required:
                errors[key] = ["Ответьте на этот вопрос."]
            continue
        answers.append(answer)
    if errors:
        raise ValidationError(errors)
    return answers


def _save_response(
    *, by: User, invitation: SurveyInvitation, raw: Mapping[str, Any], on_paper: bool
) -> SurveyResponse:
    locked = SurveyInvitation.objects.select_for_update().select_related("round").get(pk=invitation.pk)
    if SurveyResponse.objects.filter(round_id=locked.round_id, person_id=locked.person_id).exists():
        raise ValidationError(
            "Ответ этого участника уже внесён." if on_paper else "Вы уже ответили на эту анкету. Спасибо!"
        )
    questions = list(
        Question.objects.filter(questionnaire_id=locked.round.questionnaire_id).order_by("position", "id")
    )
    answers = clean_answers(questions, raw)
    response = SurveyResponse(
        round_id=locked.round_id,
        person_id=locked.person_id,
        role=locked.role,
        mentorship_id=locked.mentorship_id,
        submitted_at=timezone.now(),
        recorded_by=by,
        entered_by_staff=on_paper,
    )
    try:
        with transaction.atomic():
            response.save()
    except IntegrityError as error:
        raise ValidationError("Ответ этого участника уже внесён.") from error
    for answer in answers:
        answer.response = response
    Answer.objects.bulk_create(answers)
    return response


@transaction.atomic
def response_submit(*, by: User, invitation: SurveyInvitation, answers: Mapping[str, Any]) -> SurveyResponse:
    """The participant answers their own invitation, once, while the round is open. A pupil answers
    for themselves from their own account."""
    person = invitation.person
    if person.user_id is None or person.user_id != by.pk:
        raise PermissionDenied("Отвечать на анкету может только сам участник.")
    today = timezone.localdate()
    survey_round = invitation.round
    if today < survey_round.opens_on:
        raise ValidationError(f"Опрос откроется {survey_round.opens_on:%d.%m.%Y}.")
    if today > survey_round.closes_on:
        raise ValidationError(
            f"Опрос закрыт {survey_round.closes_on:%d.%m.%Y}. Если вы хотите ответить, обратитесь к куратору."
        )
    return _save_response(by=by, invitation=invitation, raw=answers, on_paper=False)


@transaction.atomic
def response_enter_paper(
    *, by: User, invitation: SurveyInvitation, answers: Mapping[str, Any]
) -> SurveyResponse:
    """The curator (or the head) enters a participant's paper questionnaire, also after the round
    closed."""
    survey_round = invitation.round
    if not can_run_surveys_of(by, survey_round.program.organization):
        raise PermissionDenied("Бумажные анкеты вносят руководитель и куратор организации.")
    if timezone.localdate() < survey_round.opens_on:
        raise ValidationError(f"Опрос откроется {survey_round.opens_on:%d.%m.%Y}: внести ответы пока нельзя.")
    return _save_response(by=by, invitation=invitation, raw=answers, on_paper=True)


# --- pulse ----------------------------------------------------------------------------------------


@transaction.atomic
def pulse_schedule_save(
    *,
    by: User,
    program: Program,
    mentee_questionnaire: Questionnaire | None,
    mentor_questionnaire: Questionnaire | None,
    first_after_days: int,
    every_days: int,
    answer_within_days: int,
    is_active: bool = True,
) -> PulseSchedule:
    if not can_run_surveys_of(by, program.organization):
        raise PermissionDenied("Расписание коротких опросов задают руководитель и куратор организации.")
    if mentee_questionnaire is None and mentor_questionnaire is None:
        raise ValidationError("Выберите анкету для наставляемых, для наставников или обе.")
    allowed = questionnaires_for_program(program)
    for field, questionnaire, audience in (
        ("mentee_questionnaire", mentee_questionnaire, Audience.MENTEE),
        ("mentor_questionnaire", mentor_questionnaire, Audience.MENTOR),
    ):
        if questionnaire is None:
            continue
        if questionnaire.audience != audience or not allowed.filter(pk=questionnaire.pk).exists():
            raise ValidationError({field: "Выберите действующую анкету для этих участников программы."})
    if answer_within_days > every_days:
        raise ValidationError(
            {"answer_within_days": "Срок ответа не может быть дольше промежутка между опросами."}
        )
    schedule = PulseSchedule.objects.filter(program=program).first() or PulseSchedule(program=program)
    schedule.mentee_questionnaire = mentee_questionnaire
    schedule.mentor_questionnaire = mentor_questionnaire
    schedule.first_after_days = first_after_days
    schedule.every_days = every_days
    schedule.answer_within_days = answer_within_days
    schedule.is_active = is_active
    _full_clean(schedule, exclude=["program"])
    schedule.save()
    return schedule


@dataclass(frozen=True)
class PulseRound:
    """A pulse round that is due (and, unless a dry run, created)."""

    mentorship: Mentorship
    questionnaire: Questionnaire
    step: int
    opens_on: datetime.date
    closes_on: datetime.date
    invitees: int
    emailed: int


def pulse_step_due(
    schedule: PulseSchedule, started_on: datetime.date, today: datetime.date
) -> tuple[int, datetime.date] | None:
    """The latest step of the schedule that is due on `today` and still open for answers, with its
    date; None when nothing is due (before the first, or the last step's answer time passed)."""
    first = started_on + datetime.timedelta(days=schedule.first_after_days)
    if today < first:
        return None
    step = (today - first).days // schedule.every_days
    due = first + datetime.timedelta(days=step * schedule.every_days)
    if today > due + datetime.timedelta(days=schedule.answer_within_days):
        return None
    return step, due


def pulse_rounds_send(*, today: datetime.date | None = None, dry_run: bool = False) -> list[PulseRound]:
    """Creates, for every working mentorship of a program with an active pulse schedule, the round of
    the step that is due today (one per questionnaire), invites its participants and e-mails them.
    Safe to run as often as wanted: a step's round is made once (a unique constraint)."""
    today = today or timezone.localdate()
    schedules = PulseSchedule.objects.filter(is_active=True).select_related(
        "program__organization", "mentee_questionnaire", "mentor_questionnaire"
    )
    made: list[PulseRound] = []
    for schedule in schedules:
        mentorships = (
            Mentorship.objects.filter(program=schedule.program, status__in=OPEN_STATUSES)
            .select_related("mentor__person__user")
            .prefetch_related("participants__mentee__person__user")
            .order_by("started_on", "id")
        )
        questionnaires = [
            (q, audience)
            for q, audience in (
                (schedule.mentee_questionnaire, Audience.MENTEE),
                (schedule.mentor_questionnaire, Audience.MENTOR),
            )
            if q is not None and q.is_active
        ]
        for mentorship in mentorships:
            due = pulse_step_due(schedule, mentorship.started_on, today)
            if due is None:
                continue
            step, opens_on = due
            closes_on = opens_on + datetime.timedelta(days=schedule.answer_within_days)
            for questionnaire, audience in questionnaires:
                exists = SurveyRound.objects.filter(
                    kind=RoundKind.PULSE, mentorship=mentorship, questionnaire=questionnaire, pulse_step=step
                ).exists()
                if exists:
                    continue
                invitees = mentorship_invitees([mentorship], audience)
                if not invitees:
                    continue
                emailed = sum(1 for invitee in invitees if _email_of(invitee.person))
                if not dry_run and not _create_pulse_round(
                    schedule, mentorship, questionnaire, step, opens_on, closes_on, invitees
                ):
                    continue
                made.append(
                    PulseRound(mentorship, questionnaire, step, opens_on, closes_on, len(invitees), emailed)
                )
    return made


def _create_pulse_round(
    schedule: PulseSchedule,
    mentorship: Mentorship,
    questionnaire: Questionnaire,
    step: int,
    opens_on: datetime.date,
    closes_on: datetime.date,
    invitees: Sequence[Invitee],
) -> bool:
    """One pulse round with its invitations; False when a concurrent run made it first."""
    try:
        with transaction.atomic():
            survey_round = SurveyRound.objects.create(
                program=schedule.program,
                questionnaire=questionnaire,
                kind=RoundKind.PULSE,
                mentorship=mentorship,
                pulse_step=step,
                opens_on=opens_on,
                closes_on=closes_on,
            )
            _invite(survey_round, invitees)
    except IntegrityError:
        return False
    return True


# --- SWOT -------------------------------------------------------------------------------------------


@transaction.atomic
def swot_save(
    *,
    by: User,
    program: Program,
    swot: SwotAnalysis | None = None,
    period_start: datetime.date,
    period_end: datetime.date,
    strengths: str,
    weaknesses: str,
    opportunities: str,
    threats: str,
    conclusions: str = "",
) -> SwotAnalysis:
    """The curator's SWOT analysis of the program for a period (new or changed)."""
    if not can_run_surveys_of(by, program.organization):
        raise PermissionDenied("SWOT-анализ программы составляют руководитель и куратор организации.")
    if swot is not None and swot.program_id != program.pk:
        raise ValidationError("SWOT-анализ другой программы.")
    if period_start < EARLIEST_DATE:
        raise ValidationError({"period_start": f"Дата не может быть раньше {EARLIEST_DATE:%d.%m.%Y}."})
    if period_end < period_start:
        raise ValidationError({"period_end": "Период не может закончиться раньше, чем начался."})
    swot = swot or SwotAnalysis(program=program, author=by)
    swot.period_start = period_start
    swot.period_end = period_end
    swot.strengths = strengths.strip()
    swot.weaknesses = weaknesses.strip()
    swot.opportunities = opportunities.strip()
    swot.threats = threats.strip()
    swot.conclusions = conclusions.strip()
    _full_clean(swot)
    swot.save()
    return swot

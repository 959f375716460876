"""The default questionnaires (DOMAIN.md, «Monitoring and evaluation»), shipped as editable data by the
data migration 0002: stage 1 for the mentors and the mentees of every default form and for the
curator, stage 2 entry and exit questionnaires with the three groups of measures, and short pulse
questionnaires. The exact items of the methodological recommendations are not published in a form we
hold: these are sensible defaults that a department or a school copies and adjusts.

Plain data (no Django imports) so that the migration, the reference-data fixture of transactional tests
and the tests read the same lists.
"""

from __future__ import annotations

from typing import Any

SCALE = "scale"
SINGLE = "single"
MULTIPLE = "multiple"
TEXT = "text"

MEETING_FREQUENCY = ["Раз в неделю и чаще", "Раз в две недели", "Раз в месяц", "Реже раза в месяц"]
YES_NO = ["Да", "Скорее да", "Скорее нет", "Нет"]


def item(
    text: str,
    kind: str = SCALE,
    *,
    required: bool = True,
    options: list[str] | None = None,
    satisfaction: bool = False,
    group: str = "",
    code: str = "",
) -> dict[str, Any]:
    return {
        "text": text,
        "kind": kind,
        "is_required": required,
        "options": options or [],
        "counts_for_satisfaction": satisfaction,
        "measure_group": group,
        "measure_code": code,
    }


# How each default form speaks of the mentee's work: (the field of growth, what the mentor helps with).
_FORM_WORDING: dict[str, tuple[str, str]] = {
    "pupil-pupil": ("в учёбе", "разобраться в трудных темах и освоиться в школе"),
    "teacher-teacher": ("в профессии", "освоить профессию и школьные порядки"),
    "student-pupil": ("в учёбе и выборе профессии", "с учёбой, проектами и выбором профессии"),
    "employer-pupil": ("в выборе профессии", "узнать профессию и попробовать себя в деле"),
    "teacher-pupil": ("в учёбе", "с учёбой, в коллективе и с планами на будущее"),
    "student-student": ("в учёбе", "освоиться в учебном заведении и с учёбой"),
    "employer-student": ("в профессии", "с практикой и первыми шагами в профессии"),
}

_USEFUL_TOPICS = [
    "Помощь с учёбой или работой",
    "Разговоры о планах на будущее",
    "Совместные проекты и задания",
    "Поддержка в трудной ситуации",
    "Знакомство с новыми людьми и делами",
]


def _stage1_mentee(code: str, name: str) -> dict[str, Any]:
    field, helps = _FORM_WORDING.get(code, ("в учёбе или работе", "в достижении ваших целей"))
    return {
        "code": f"stage1-{code}-mentee",
        "form": code,
        "purpose": "process",
        "audience": "mentee",
        "title": f"Анкета наставляемого: {name}",
        "description": "Анкета о том, как идёт работа с наставником. Отвечайте честно: ответы видят только "
        "куратор программы и руководитель вашей организации.",
        "items": [
            item("Насколько комфортно вам общаться с наставником?", satisfaction=True),
            item("Насколько полезны для вас встречи с наставником?", satisfaction=True),
            item("Насколько понятны задачи, которые вы ставите вместе с наставником?", satisfaction=True),
            item(f"Насколько вы чувствуете поддержку наставника {field}?", satisfaction=True),
            item("Насколько хорошо организованы встречи (время, место, договорённости)?", satisfaction=True),
            item(f"Насколько наставник помогает вам {helps}?"),
            item("Как часто вы встречаетесь с наставником?", SINGLE, options=MEETING_FREQUENCY),
            item(
                "Что в работе с наставником было самым полезным?",
                MULTIPLE,
                required=False,
                options=_USEFUL_TOPICS,
            ),
            item("Хотели бы вы снова участвовать в программе наставничества?", SINGLE, options=YES_NO),
            item("Хотели бы вы сами стать наставником?", SINGLE, options=YES_NO),
            item("Что понравилось больше всего?", TEXT, required=False),
            item("Что стоит изменить в работе пары или группы?", TEXT, required=False),
        ],
    }


def _stage1_mentor(code: str, name: str) -> dict[str, Any]:
    field, helps = _FORM_WORDING.get(code, ("в учёбе или работе", "в достижении его целей"))
    return {
        "code": f"stage1-{code}-mentor",
        "form": code,
        "purpose": "process",
        "audience": "mentor",
        "title": f"Анкета наставника: {name}",
        "description": "Анкета о том, как идёт работа с наставляемыми. Ответы видят куратор программы и "
        "руководитель вашей организации.",
        "items": [
            item("Насколько комфортно вам работать с наставляемым (наставляемыми)?", satisfaction=True),
            item("Насколько полезными вы считаете ваши встречи?", satisfaction=True),
            item("Насколько понятны цели и задачи вашей работы в программе?", satisfaction=True),
            item("Насколько вы чувствуете поддержку куратора и администрации?", satisfaction=True),
            item(
                "Насколько хорошо организована программа (расписание, место, материалы)?", satisfaction=True
            ),
            item(f"Насколько, по-вашему, встречи помогают наставляемому {helps}?"),
            item(f"Насколько заметны изменения у наставляемого {field}?"),
            item("Как часто вы встречаетесь с наставляемым?", SINGLE, options=MEETING_FREQUENCY),
            item(
                "Чего вам не хватает для работы наставником?",
                MULTIPLE,
                required=False,
                options=[
                    "Времени",
                    "Методических материалов",
                    "Обучения наставников",
                    "Помещения для встреч",
                    "Обратной связи от куратора",
                ],
            ),
            item("Хотели бы вы продолжить работу наставником в следующем цикле?", SINGLE, options=YES_NO),
            item("Какие трудности возникали в работе?", TEXT, required=False),
            item("Ваши предложения по программе", TEXT, required=False),
        ],
    }


_CURATOR = {
    "code": "stage1-curator",
    "form": None,
    "purpose": "process",
    "audience": "curator",
    "title": "Анкета куратора программы наставничества",
    "description": "Оценка куратором того, как реализуется программа в организации (этап 1 мониторинга).",
    "items": [
        item("Насколько программа обеспечена наставниками нужной квалификации?", satisfaction=True),
        item("Насколько регулярно проходят встречи пар и групп по плану?", satisfaction=True),
        item("Насколько вовлечены наставляемые?", satisfaction=True),
        item("Насколько программа поддержана администрацией организации?", satisfaction=True),
        item("Насколько достаточно ресурсов (время, помещения, материалы)?", satisfaction=True),
        item(
            "Какая доля пар и групп работает без перебоев?",
            SINGLE,
            options=["Все или почти все", "Больше половины", "Около половины", "Меньше половины"],
        ),
        item(
            "Какие мероприятия программы проведены?",
            MULTIPLE,
            required=False,
            options=[
                "Обучение наставников",
                "Встречи-знакомства",
                "Промежуточная рефлексия",
                "Итоговое мероприятие",
                "Информирование родителей",
            ],
        ),
        item("Главные трудности реализации программы", TEXT, required=False),
        item("Что нужно изменить в следующем цикле?", TEXT, required=False),
    ],
}

# Stage 2: the same measures on entry and on exit; the code links the two answers of a person.
MENTEE_MEASURES = [
    ("motivational", "motivation", "Насколько вам интересно учиться или работать?"),
    ("motivational", "confidence", "Насколько вы уверены в своих силах?"),
    ("motivational", "belonging", "Насколько вы чувствуете себя частью коллектива (класса, школы, команды)?"),
    ("competency", "goal-setting", "Насколько хорошо вы умеете ставить цели и планировать свою работу?"),
    ("competency", "communication", "Насколько легко вам общаться и работать в команде?"),
    ("competency", "self-study", "Насколько хорошо вы умеете самостоятельно осваивать новое?"),
    ("professional", "results", "Как вы оцениваете свои результаты в учёбе или работе?"),
    ("professional", "skills", "Насколько уверенно вы владеете нужными знаниями и навыками?"),
    ("professional", "career", "Насколько ясны ваши планы на будущее (профессия, развитие)?"),
]
MENTOR_MEASURES = [
    ("motivational", "mentoring-motivation", "Насколько вам интересно быть наставником?"),
    ("motivational", "work-satisfaction", "Насколько вы удовлетворены своей работой или учёбой?"),
    ("competency", "explaining", "Насколько хорошо вы умеете объяснять и показывать на примере?"),
    ("competency", "feedback", "Насколько хорошо вы умеете давать обратную связь и поддерживать?"),
    ("competency", "planning", "Насколько хорошо вы умеете планировать работу с другим человеком?"),
    ("professional", "development", "Насколько вы развиваетесь в своей профессии или учёбе?"),
    ("professional", "recognition", "Насколько ваш опыт признают коллеги и руководители?"),
]


def _measures(measures: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [item(text, group=group, code=code) for group, code, text in measures]


_STAGE2 = [
    {
        "code": "entry-mentee",
        "form": None,
        "purpose": "entry",
        "audience": "mentee",
        "title": "Входная анкета наставляемого",
        "description": "Заполняется в начале работы с наставником. В конце те же вопросы зададут ещё раз, "
        "чтобы увидеть, что изменилось. Оцените от 1 (совсем нет) до 10 (полностью).",
        "items": [
            *_measures(MENTEE_MEASURES),
            item("Чего вы ждёте от работы с наставником?", TEXT, required=False),
        ],
    },
    {
        "code": "exit-mentee",
        "form": None,
        "purpose": "exit",
        "audience": "mentee",
        "title": "Итоговая анкета наставляемого",
        "description": "Заполняется в конце работы с наставником. Оцените от 1 (совсем нет) до 10 (полностью).",
        "items": [
            *_measures(MENTEE_MEASURES),
            item("Насколько вы удовлетворены участием в программе?", satisfaction=True),
            item("Хотели бы вы снова участвовать в программе наставничества?", SINGLE, options=YES_NO),
            item("Хотели бы вы сами стать наставником?", SINGLE, options=YES_NO),
            item("Что изменилось для вас благодаря наставничеству?", TEXT, required=False),
        ],
    },
    {
        "code": "entry-mentor",
        "form": None,
        "purpose": "entry",
        "audience": "mentor",
        "title": "Входная анкета наставника",
        "description": "Заполняется в начале работы наставником. В конце те же вопросы зададут ещё раз. "
        "Оцените от 1 (совсем нет) до 10 (полностью).",
        "items": [
            *_measures(MENTOR_MEASURES),
            item("Чего вы ждёте от работы наставником?", TEXT, required=False),
        ],
    },
    {
        "code": "exit-mentor",
        "form": None,
        "purpose": "exit",
        "audience": "mentor",
        "title": "Итоговая анкета наставника",
        "description": "Заполняется в конце цикла наставничества. Оцените от 1 (совсем нет) до 10 (полностью).",
        "items": [
            *_measures(MENTOR_MEASURES),
            item("Насколько вы удовлетворены участием в программе?", satisfaction=True),
            item("Хотели бы вы продолжить работу наставником?", SINGLE, options=YES_NO),
            item("Что дал вам опыт наставничества?", TEXT, required=False),
        ],
    },
]

_PULSE = [
    {
        "code": "pulse-mentee",
        "form": None,
        "purpose": "pulse",
        "audience": "mentee",
        "title": "Короткий опрос наставляемого",
        "description": "Три вопроса о том, как идут дела. Займёт одну минуту.",
        "items": [
            item("Как проходят ваши встречи с наставником?", satisfaction=True),
            item(
                "Сколько встреч было за последний месяц?",
                SINGLE,
                options=["Ни одной", "Одна", "Две-три", "Четыре и больше"],
            ),
            item("Что мешает или чем помочь?", TEXT, required=False),
        ],
    },
    {
        "code": "pulse-mentor",
        "form": None,
        "purpose": "pulse",
        "audience": "mentor",
        "title": "Короткий опрос наставника",
        "description": "Три вопроса о том, как идёт работа. Займёт одну минуту.",
        "items": [
            item("Как проходит работа с наставляемыми?", satisfaction=True),
            item(
                "Сколько встреч было за последний месяц?",
                SINGLE,
                options=["Ни одной", "Одна", "Две-три", "Четыре и больше"],
            ),
            item("Нужна ли помощь куратора?", TEXT, required=False),
        ],
    },
]


def default_questionnaires(forms: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """Every default questionnaire; `forms` are the (code, name) of the default forms, in order."""
    stage1: list[dict[str, Any]] = []
    for code, name in forms:
        stage1.append(_stage1_mentor(code, name))
        stage1.append(_stage1_mentee(code, name))
    return [*stage1, _CURATOR, *_STAGE2, *_PULSE]

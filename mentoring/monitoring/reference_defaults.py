"""The target indicators shipped as editable reference data (DOMAIN.md, «Target indicators»).

Loaded by the data migration 0002; the department's superuser edits them in the admin, and a new order
makes a new version (a new `valid_from`) rather than a rewrite of the old one.
"""

from __future__ import annotations

import datetime

LEGAL_BASIS = "Распоряжение Минпросвещения России от 25.12.2019 № Р-145"
VALID_FROM = datetime.date(2020, 1, 1)
SATISFACTION_THRESHOLD = 7

# code, computation, name, formula
INDICATORS: list[tuple[str, str, str, str]] = [
    (
        "1",
        "mentees_10_18",
        "Доля обучающихся в возрасте от 10 до 18 лет, вовлечённых в различные формы наставничества "
        "в роли наставляемых",
        "Число обучающихся (категория «обучающийся»), которым на дату среза персонифицированного учёта "
        "исполнилось от 10 до 18 лет включительно и которые участвуют в наставничестве в роли "
        "наставляемых (каждый человек учитывается один раз), делённое на число обучающихся 10–18 лет "
        "по контингенту организаций за год, × 100 %.",
    ),
    (
        "2",
        "mentors_15_18",
        "Доля обучающихся в возрасте от 15 до 18 лет, вовлечённых в наставничество в роли наставников",
        "Число обучающихся, которым на дату среза исполнилось от 15 до 18 лет включительно и которые "
        "участвуют в наставничестве в роли наставников (каждый один раз), делённое на число "
        "обучающихся 15–18 лет по контингенту, × 100 %.",
    ),
    (
        "3",
        "young_teachers_mentees",
        "Доля молодых педагогов (стаж до 3 лет), вовлечённых в наставничество в роли наставляемых",
        "Число педагогов со стажем не более 3 лет (или с видом наставляемого «Молодой специалист», "
        "если стаж не указан), участвующих в наставничестве в роли наставляемых на дату среза, "
        "делённое на число молодых педагогов по контингенту, × 100 %.",
    ),
    (
        "4",
        "partners_supplying_mentors",
        "Доля организаций-партнёров, направивших своих работников в качестве наставников",
        "Число организаций-партнёров, работники которых участвуют в наставничестве в роли наставников "
        "на дату среза, делённое на число организаций-партнёров (муниципалитета или, для организации, "
        "тех, с кем у неё действует соглашение в периоде), × 100 %.",
    ),
    (
        "5",
        "mentee_satisfaction",
        "Доля наставляемых, удовлетворённых участием в программах наставничества",
        "Число наставляемых, у которых среднее по вопросам удовлетворённости последней анкеты периода "
        "не ниже порога (7 из 10), делённое на число ответивших наставляемых, × 100 %.",
    ),
    (
        "6",
        "mentor_satisfaction",
        "Доля наставников, удовлетворённых участием в программах наставничества",
        "Число наставников, у которых среднее по вопросам удовлетворённости последней анкеты периода "
        "не ниже порога (7 из 10), делённое на число ответивших наставников, × 100 %.",
    ),
    (
        "7",
        "teachers_mentors",
        "Доля педагогов, вовлечённых в наставничество в роли наставников",
        "Число педагогов, участвующих в наставничестве в роли наставников на дату среза (каждый один "
        "раз), делённое на число педагогов по контингенту, × 100 %.",
    ),
]

SATISFACTION_COMPUTATIONS = ("mentee_satisfaction", "mentor_satisfaction")


def load_indicators(apps: object, schema_editor: object) -> None:
    """Creates the default indicators that are not there yet (by code and start date)."""
    Indicator = apps.get_model("monitoring", "Indicator")  # type: ignore[attr-defined]
    for position, (code, computation, name, formula) in enumerate(INDICATORS, start=1):
        Indicator.objects.get_or_create(
            code=code,
            valid_from=VALID_FROM,
            defaults={
                "name": name,
                "formula": formula,
                "legal_basis": LEGAL_BASIS,
                "computation": computation,
                "unit": "%",
                "threshold": SATISFACTION_THRESHOLD if computation in SATISFACTION_COMPUTATIONS else None,
                "position": position * 10,
            },
        )

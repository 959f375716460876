"""The demo district's methodological library: the department's regulation, order template,
questionnaires, the ministry's recommendations (a link), a presentation and the brand book, and a
school's own program and plan, so that the library pages, filters and downloads have something to show.

Deterministic (the same materials with the same content every time) and idempotent (a material is
keyed by its title and owner; existing ones are left alone). Materials are added through the library's
service, with the same checks as the upload form.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from mentoring.accounts.models import Membership, Role, User
from mentoring.demo.minimal_files import DocxParagraph, PdfLine, docx_document, pdf_document, png_logo
from mentoring.library.models import Audience, Material, MaterialKind, Visibility
from mentoring.library.services import material_create
from mentoring.organizations.models import Organization

DEPARTMENT_CODE = "brz-uo"
SCHOOL_CODE = "brz-school-1"
DISTRICT = "Берёзовского муниципального округа"
BRAND_BLUE = (31, 78, 121)
BRAND_ORANGE = (237, 125, 49)


def _regulation() -> bytes:
    return pdf_document(
        [
            PdfLine("ПОЛОЖЕНИЕ", size=14, bold=True),
            PdfLine(
                f"о системе наставничества обучающихся общеобразовательных организаций {DISTRICT}", bold=True
            ),
            PdfLine("1. Общие положения", bold=True),
            PdfLine(
                "1.1. Положение разработано в соответствии с распоряжением Министерства просвещения Российской "
                "Федерации от 25.12.2019 № Р-145 «Об утверждении методологии (целевой модели) наставничества "
                "обучающихся» и определяет порядок организации наставничества в образовательных организациях округа."
            ),
            PdfLine(
                "1.2. Наставничество реализуется в формах «ученик — ученик», «учитель — учитель», «учитель — "
                "ученик», «студент — ученик» и «работодатель — ученик»."
            ),
            PdfLine("2. Участники системы наставничества", bold=True),
            PdfLine(
                "2.1. Управление образования координирует внедрение целевой модели, ведёт методическую "
                "библиотеку и проводит мониторинг."
            ),
            PdfLine(
                "2.2. Руководитель образовательной организации назначает куратора внедрения целевой модели, "
                "утверждает программу наставничества и приказ о закреплении наставнических пар и групп."
            ),
            PdfLine(
                "2.3. Куратор формирует базы наставников и наставляемых, организует обучение наставников и "
                "отчитывается о результатах."
            ),
            PdfLine("3. Мониторинг и оценка результатов", bold=True),
            PdfLine(
                "3.1. Мониторинг проводится два раза в год по анкетам наставников и наставляемых, размещённым "
                "в методической библиотеке."
            ),
        ],
        title="Положение о системе наставничества",
    )


def _order_template() -> bytes:
    return docx_document(
        [
            DocxParagraph("[Наименование образовательной организации]", align="center"),
            DocxParagraph("ПРИКАЗ", bold=True, size=14, align="center"),
            DocxParagraph("от «___» __________ 20__ г.                                   № ____"),
            DocxParagraph("О закреплении наставнических пар (групп)", bold=True),
            DocxParagraph(
                "В соответствии с Положением о системе наставничества и программой наставничества "
                "образовательной организации, на основании согласия наставников и наставляемых "
                "(законных представителей) ПРИКАЗЫВАЮ:",
                align="both",
            ),
            DocxParagraph("1. Закрепить наставнические пары (группы) согласно приложению.", align="both"),
            DocxParagraph(
                "2. Куратору внедрения целевой модели наставничества обеспечить разработку индивидуальных "
                "планов развития под руководством наставника в срок до «___» __________ 20__ г.",
                align="both",
            ),
            DocxParagraph("3. Контроль за исполнением приказа оставляю за собой.", align="both"),
            DocxParagraph("Руководитель  ______________  / ______________ /"),
            DocxParagraph(
                "Приложение: список наставнических пар (ФИО наставника, ФИО наставляемого, форма, срок).",
                size=10,
            ),
        ]
    )


def _questionnaire(title: str, questions: list[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "Анкета"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "Оцените каждое утверждение от 1 (совсем не согласен) до 5 (полностью согласен)."
    sheet.append([])
    sheet.append(["№", "Утверждение", "Оценка (1–5)", "Комментарий"])
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for number, question in enumerate(questions, start=1):
        sheet.append([number, question, None, None])
        sheet.cell(row=sheet.max_row, column=2).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 5
    sheet.column_dimensions["B"].width = 70
    sheet.column_dimensions["C"].width = 14
    sheet.column_dimensions["D"].width = 30
    workbook.properties.creator = "Управление образования"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _mentor_questionnaire() -> bytes:
    return _questionnaire(
        "Анкета наставника (входная)",
        [
            "Я понимаю цели программы наставничества в моей организации.",
            "Я знаю, какой результат должен получить мой наставляемый.",
            "Мне хватает времени на встречи с наставляемым.",
            "Я готов(а) делиться опытом и получать обратную связь.",
            "Мне нужна помощь куратора в составлении плана встреч.",
        ],
    )


def _mentee_questionnaire() -> bytes:
    return _questionnaire(
        "Анкета наставляемого (входная и итоговая)",
        [
            "Я понимаю, чему хочу научиться с наставником.",
            "Мне комфортно задавать наставнику вопросы.",
            "Встречи с наставником проходят регулярно.",
            "Я замечаю, что у меня стало получаться лучше.",
            "Я рекомендовал(а) бы наставничество одноклассникам.",
        ],
    )


def _parents_questionnaire() -> bytes:
    return _questionnaire(
        "Анкета для родителей о программе наставничества",
        [
            "Ребёнок рассказывает о встречах с наставником.",
            "Я вижу пользу наставничества для учёбы ребёнка.",
            "Мне понятно, кто наставник и как с ним связаться.",
            "Я хотел(а) бы больше узнать о программе.",
        ],
    )


def _presentation() -> bytes:
    return pdf_document(
        [
            PdfLine(
                "Целевая модель наставничества: с чего начать", size=20, bold=True, color=(0.12, 0.31, 0.47)
            ),
            PdfLine("Семинар для кураторов образовательных организаций", size=13),
            PdfLine("1. Назначить куратора и утвердить программу наставничества", size=13, bold=True),
            PdfLine("Приказ руководителя, положение и дорожная карта внедрения.", size=12),
            PdfLine("2. Сформировать базы наставников и наставляемых", size=13, bold=True),
            PdfLine(
                "Анкетирование, запросы обучающихся, согласия на обработку персональных данных.", size=12
            ),
            PdfLine("3. Подобрать и закрепить пары", size=13, bold=True),
            PdfLine("Встреча-знакомство, приказ о закреплении пар, индивидуальные планы.", size=12),
            PdfLine("4. Сопровождать и оценивать", size=13, bold=True),
            PdfLine(
                "Встречи по плану, обратная связь, мониторинг дважды в год, итоговое мероприятие.", size=12
            ),
        ],
        title="Целевая модель наставничества: с чего начать",
    )


def _brand_book() -> bytes:
    blue, orange = (
        (f"{value / 255:.3f}" for value in BRAND_BLUE),
        (f"{value / 255:.3f}" for value in BRAND_ORANGE),
    )
    swatches = [
        f"{' '.join(blue)} rg 56 560 160 80 re f",
        f"{' '.join(orange)} rg 236 560 160 80 re f",
        "0.95 0.95 0.95 rg 416 560 120 80 re f",
    ]
    return pdf_document(
        [
            PdfLine("Брендбук программы наставничества", size=18, bold=True, color=(0.12, 0.31, 0.47)),
            PdfLine(f"Фирменный стиль наставничества в образовательных организациях {DISTRICT}", size=12),
            PdfLine("Цвета", size=14, bold=True),
            PdfLine(
                "Основной синий #1F4E79 (RGB 31, 78, 121), акцентный оранжевый #ED7D31 (RGB 237, 125, 49), "
                "фон светло-серый #F2F2F2. Образцы цветов — ниже на странице.",
            ),
            PdfLine("Логотип", size=14, bold=True),
            PdfLine(
                "Два пересекающихся круга — наставник и наставляемый. Логотип размещается на сайте "
                "организации, в приказах и на грамотах; минимальная ширина — 20 мм."
            ),
            PdfLine("Шрифты", size=14, bold=True),
            PdfLine("Заголовки — Arial полужирный, текст — Arial или Times New Roman, 12–14 пт."),
        ],
        title="Брендбук программы наставничества",
        shapes=swatches,
    )


def _school_program() -> bytes:
    return pdf_document(
        [
            PdfLine("Программа наставничества", size=16, bold=True),
            PdfLine("МБОУ Берёзовская СШ № 1 на 2024–2026 годы", size=13, bold=True),
            PdfLine("Пояснительная записка", bold=True),
            PdfLine(
                "Программа разработана во исполнение распоряжения Минпросвещения России от 25.12.2019 № Р-145 и "
                f"Положения о системе наставничества {DISTRICT}."
            ),
            PdfLine("Цель", bold=True),
            PdfLine(
                "Раскрытие потенциала обучающихся 5–11 классов и успешное закрепление молодых специалистов "
                "в профессии."
            ),
            PdfLine("Формы наставничества", bold=True),
            PdfLine("«Ученик — ученик», «учитель — учитель», «работодатель — ученик» (с СПК «Берёзовский»)."),
            PdfLine("Ожидаемые результаты", bold=True),
            PdfLine(
                "Не менее 70 % обучающихся вовлечены в различные формы наставничества к концу 2026 года."
            ),
        ],
        title="Программа наставничества МБОУ Берёзовская СШ № 1",
    )


def _school_plan() -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]
    sheet.title = "План"
    sheet.append(["План мероприятий по наставничеству на учебный год"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append(["Месяц", "Мероприятие", "Ответственный"])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in [
        ("Сентябрь", "Анкетирование, формирование баз наставников и наставляемых", "Куратор"),
        ("Октябрь", "Встреча-знакомство, приказ о закреплении пар", "Руководитель, куратор"),
        ("Ноябрь — апрель", "Встречи пар по индивидуальным планам", "Наставники"),
        ("Декабрь", "Промежуточный мониторинг", "Куратор"),
        ("Май", "Итоговое мероприятие, итоговое анкетирование", "Куратор"),
    ]:
        sheet.append(row)
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 60
    sheet.column_dimensions["C"].width = 24
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _logo() -> bytes:
    return png_logo(first=BRAND_BLUE, second=BRAND_ORANGE)


@dataclass(frozen=True)
class DemoMaterial:
    title: str
    owner_code: str  # the department's code makes it a municipal material
    kind: str
    audience: str
    visibility: str
    tags: str
    description: str
    file_name: str = ""
    content: Callable[[], bytes] | None = None
    link: str = ""


MATERIALS = [
    DemoMaterial(
        title=f"Положение о системе наставничества обучающихся {DISTRICT}",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.REGULATION,
        audience=Audience.ALL,
        visibility=Visibility.PUBLIC,
        tags="положение, нормативная база, Р-145",
        description="Утверждено приказом управления образования. Основа для программ наставничества школ.",
        file_name="Положение о наставничестве.pdf",
        content=_regulation,
    ),
    DemoMaterial(
        title="Шаблон приказа о закреплении наставнических пар (групп)",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.TEMPLATE,
        audience=Audience.CURATORS,
        visibility=Visibility.MUNICIPALITY,
        tags="приказ, шаблон, пары",
        description="Заполните наименование организации, даты и приложение со списком пар.",
        file_name="Приказ о закреплении пар (шаблон).docx",
        content=_order_template,
    ),
    DemoMaterial(
        title="Анкета наставника (входная)",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.QUESTIONNAIRE,
        audience=Audience.MENTORS,
        visibility=Visibility.MUNICIPALITY,
        tags="анкета, мониторинг, входная диагностика",
        description="Заполняется наставником до первой встречи с наставляемым.",
        file_name="Анкета наставника.xlsx",
        content=_mentor_questionnaire,
    ),
    DemoMaterial(
        title="Анкета наставляемого (входная и итоговая)",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.QUESTIONNAIRE,
        audience=Audience.MENTEES,
        visibility=Visibility.MUNICIPALITY,
        tags="анкета, мониторинг, входная диагностика, итоговая диагностика",
        description="Одна анкета в начале и в конце программы: сравнение показывает рост наставляемого.",
        file_name="Анкета наставляемого.xlsx",
        content=_mentee_questionnaire,
    ),
    DemoMaterial(
        title="Анкета для родителей о программе наставничества",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.QUESTIONNAIRE,
        audience=Audience.PARENTS,
        visibility=Visibility.MUNICIPALITY,
        tags="анкета, родители, мониторинг",
        description="Раздаётся на родительском собрании в конце учебного года.",
        file_name="Анкета для родителей.xlsx",
        content=_parents_questionnaire,
    ),
    DemoMaterial(
        title="Методические рекомендации по внедрению методологии (целевой модели) наставничества "
        "обучающихся (письмо Минпросвещения России от 23.01.2020 № МР-42/02)",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.GUIDELINE,
        audience=Audience.CURATORS,
        visibility=Visibility.PUBLIC,
        tags="методические рекомендации, МР-42/02, нормативная база",
        description="Письмо Минпросвещения России «О направлении целевой модели наставничества и методических "
        "рекомендаций». Найдите документ на портале по номеру МР-42/02.",
        link="https://docs.edu.gov.ru/",
    ),
    DemoMaterial(
        title="Презентация «Целевая модель наставничества: с чего начать»",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.PRESENTATION,
        audience=Audience.CURATORS,
        visibility=Visibility.MUNICIPALITY,
        tags="семинар, кураторы, внедрение",
        description="Слайды установочного семинара для кураторов образовательных организаций.",
        file_name="Семинар для кураторов.pdf",
        content=_presentation,
    ),
    DemoMaterial(
        title="Брендбук программы наставничества",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.BRANDING,
        audience=Audience.ALL,
        visibility=Visibility.PUBLIC,
        tags="фирменный стиль, брендбук, логотип",
        description="Цвета, логотип и шрифты для сайтов, приказов, грамот и стендов.",
        file_name="Брендбук.pdf",
        content=_brand_book,
    ),
    DemoMaterial(
        title="Логотип программы наставничества (PNG)",
        owner_code=DEPARTMENT_CODE,
        kind=MaterialKind.BRANDING,
        audience=Audience.ALL,
        visibility=Visibility.PUBLIC,
        tags="фирменный стиль, логотип",
        description="Для сайта организации и презентаций, 256×256 точек.",
        file_name="Логотип наставничества.png",
        content=_logo,
    ),
    DemoMaterial(
        title="Программа наставничества МБОУ Берёзовская СШ № 1 на 2024–2026 годы",
        owner_code=SCHOOL_CODE,
        kind=MaterialKind.PROGRAM,
        audience=Audience.ALL,
        visibility=Visibility.MUNICIPALITY,
        tags="программа, пример",
        description="Пример программы наставничества школы: можно взять за основу.",
        file_name="Программа наставничества СШ1.pdf",
        content=_school_program,
    ),
    DemoMaterial(
        title="План мероприятий по наставничеству на учебный год",
        owner_code=SCHOOL_CODE,
        kind=MaterialKind.PROGRAM,
        audience=Audience.CURATORS,
        visibility=Visibility.ORGANIZATION,
        tags="план, учебный год",
        description="Рабочий план школы, виден только школе и управлению образования.",
        file_name="План мероприятий.xlsx",
        content=_school_plan,
    ),
]

# Who adds the demo materials: the department's methodologist, the school's curator.
_UPLOADER_ROLES = {
    DEPARTMENT_CODE: (Role.METHODOLOGIST, Role.DEPARTMENT_ADMIN),
    SCHOOL_CODE: (Role.CURATOR, Role.HEAD),
}


def _uploader(organization: Organization) -> User | None:
    for role in _UPLOADER_ROLES[organization.code]:
        membership = (
            Membership.objects.filter(organization=organization, role=role, is_active=True)
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        if membership is not None:
            return membership.user
    return None


@transaction.atomic
def load_demo_library(organizations: dict[str, Organization]) -> int:
    """Adds the demo materials that are missing; returns the number of materials of the district."""
    department = organizations[DEPARTMENT_CODE]
    municipality = department.municipality
    for spec in MATERIALS:
        owner = organizations[spec.owner_code]
        organization = None if spec.owner_code == DEPARTMENT_CODE else owner
        if Material.objects.filter(
            title=spec.title, municipality=municipality, organization=organization
        ).exists():
            continue
        uploader = _uploader(owner)
        if uploader is None:
            continue
        upload = SimpleUploadedFile(spec.file_name, spec.content()) if spec.content is not None else None
        material_create(
            by=uploader,
            municipality=municipality if organization is None else None,
            organization=organization,
            title=spec.title,
            kind=spec.kind,
            audience=spec.audience,
            visibility=spec.visibility,
            tags=spec.tags,
            description=spec.description,
            file=upload,
            link=spec.link,
        )
    return Material.objects.filter(municipality=municipality).count()

import pytest

from mentoring.library.models import Audience, MaterialKind, Visibility
from mentoring.library.selectors import OWNER_MUNICIPAL, material_list
from mentoring.library.tests.factories import make_material


@pytest.fixture
def shelf(world):
    return {
        "regulation": make_material(
            municipality=world.municipality,
            uploaded_by=world.methodologist,
            title="Положение о наставничестве",
            description="Утверждено приказом управления образования",
            tags="нормативная база",
        ),
        "questionnaire": make_material(
            organization=world.school,
            uploaded_by=world.curator,
            title="Анкета наставляемого",
            kind=MaterialKind.QUESTIONNAIRE,
            audience=Audience.MENTEES,
            description="Заполняется в начале и в конце учебного года",
            tags="анкета, Учёба, входная диагностика",
        ),
        "plan": make_material(
            organization=world.school,
            uploaded_by=world.curator,
            title="ПЛАН встреч",
            kind=MaterialKind.PROGRAM,
            visibility=Visibility.ORGANIZATION,
            tags="анкеты",
        ),
    }


def _titles(world, **filters):
    return {material.title for material in material_list(visible_to=world.department_admin, **filters)}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        pytest.param("АНКЕТА", {"Анкета наставляемого"}, id="upper-case"),
        pytest.param("план", {"ПЛАН встреч"}, id="lower-case-finds-upper"),
        pytest.param("учеба", {"Анкета наставляемого"}, id="е-finds-ё-in-tags"),
        pytest.param("УЧЁБА", {"Анкета наставляемого"}, id="ё-finds-ё"),
        pytest.param("учебного года", {"Анкета наставляемого"}, id="words-of-the-description"),
        pytest.param("приказом положение", {"Положение о наставничестве"}, id="every-word-anywhere"),
        pytest.param("положение анкета", set(), id="all-words-must-match"),
        pytest.param("  ", {"Положение о наставничестве", "Анкета наставляемого", "ПЛАН встреч"}, id="blank"),
        pytest.param("100%_", set(), id="like-wildcards-are-plain-characters"),
    ],
)
def test_search_ignores_case_and_yo_and_looks_in_title_description_and_tags(world, shelf, query, found):
    assert _titles(world, q=query) == found


def test_filters_by_kind_audience_tag_and_owner(world, shelf):
    assert _titles(world, kind=MaterialKind.QUESTIONNAIRE) == {"Анкета наставляемого"}
    assert _titles(world, audience=Audience.MENTEES) == {"Анкета наставляемого"}
    assert _titles(world, tag="Анкета") == {"Анкета наставляемого"}, "a whole tag, not «анкеты»"
    assert _titles(world, tag="учеба") == {"Анкета наставляемого"}
    assert _titles(world, owner=OWNER_MUNICIPAL) == {"Положение о наставничестве"}
    assert _titles(world, owner=str(world.school.pk)) == {"Анкета наставляемого", "ПЛАН встреч"}
    assert _titles(world, owner="²") == _titles(world), "a strange owner is no filter, not an error"


def test_the_list_is_newest_first(world, shelf):
    assert [m.title for m in material_list(visible_to=world.superuser)] == [
        "ПЛАН встреч",
        "Анкета наставляемого",
        "Положение о наставничестве",
    ]

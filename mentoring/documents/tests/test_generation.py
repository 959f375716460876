import io

import docx
import pytest
from django.core.exceptions import ValidationError

from mentoring.documents.generation import KINDS, default_template, generate, render


def _text(content: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_each_default_document_is_filled_with_the_organizations_data(world, kind):
    world.school.full_name = "Муниципальное бюджетное общеобразовательное учреждение «Сеченовская СШ»"
    world.school.head_name = "Ларионов Андрей Петрович"
    text = _text(generate(kind, world.school, curator_name="Полякова Светлана Игоревна"))
    assert "«Сеченовская СШ»" in text
    assert "{{" not in text
    if kind != "regulation":
        assert "Ларионов Андрей Петрович" in text
        assert "ПРИКАЗЫВАЮ" in text
    if KINDS[kind].needs_curator:
        assert "Полякова Светлана Игоревна" in text


def test_a_departments_own_template_is_used_with_the_same_placeholders(world):
    document = docx.Document()
    document.add_paragraph("Свой бланк: {{ organization.short_name }}, {{ municipality }}, {{ school_year }}")
    buffer = io.BytesIO()
    document.save(buffer)
    text = _text(generate("regulation", world.school, template=buffer.getvalue()))
    assert f"Свой бланк: {world.school.short_name}, {world.municipality.name}, " in text


@pytest.mark.parametrize(
    "body",
    [
        "{{ organization.full_name ",  # broken syntax
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",  # trying to escape the sandbox
    ],
)
def test_a_broken_or_hostile_template_is_refused_in_russian(world, body):
    document = docx.Document()
    document.add_paragraph(body)
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ValidationError) as error:
        render(buffer.getvalue(), {"organization": {"full_name": "x"}})
    assert "шаблон" in str(error.value).lower()


def test_a_file_that_is_not_a_docx_is_refused(world):
    with pytest.raises(ValidationError):
        render(b"MZ\x90 not a document", {})


def test_the_default_template_keeps_its_placeholders_for_editing():
    assert "{{ organization.full_name }}" in _text(default_template("implementation_order"))

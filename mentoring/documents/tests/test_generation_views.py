import io

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse


def _text(response) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)


def _docx_with(text: str) -> SimpleUploadedFile:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return SimpleUploadedFile("shablon.docx", buffer.getvalue())


def test_a_curator_downloads_the_implementation_order_filled_for_the_school(world, client_for):
    response = client_for(world.curator).get(
        reverse("documents:generate", kwargs={"pk": world.school.pk, "kind": "implementation_order"})
    )
    assert response.status_code == 200
    assert world.school.full_name in _text(response)


def test_the_curator_order_asks_whom_to_appoint_and_names_them(world, client_for):
    client = client_for(world.head)
    url = reverse("documents:generate", kwargs={"pk": world.school.pk, "kind": "curator_order"})
    choice = client.get(url)
    assert "Кого назначить куратором" in choice.content.decode()
    response = client.get(url, {"curator": str(world.curator.pk)})
    assert world.curator.get_full_name() in _text(response)


def test_the_department_replaces_a_template_and_schools_get_it(world, client_for):
    department = client_for(world.department_admin)
    upload = department.post(
        reverse("documents:template_upload", kwargs={"kind": "regulation"}),
        {"file": _docx_with("Положение {{ organization.short_name }} по нашему образцу")},
    )
    assert upload.status_code == 302
    response = client_for(world.curator).get(
        reverse("documents:generate", kwargs={"pk": world.school.pk, "kind": "regulation"})
    )
    assert f"Положение {world.school.short_name} по нашему образцу" in _text(response)
    department.post(reverse("documents:template_reset", kwargs={"kind": "regulation"}))
    response = client_for(world.curator).get(
        reverse("documents:generate", kwargs={"pk": world.school.pk, "kind": "regulation"})
    )
    assert "по нашему образцу" not in _text(response)


def test_a_broken_template_is_refused_and_the_old_one_stays(world, client_for):
    department = client_for(world.department_admin)
    response = department.post(
        reverse("documents:template_upload", kwargs={"kind": "regulation"}),
        {"file": _docx_with("{{ organization.full_name ")},
        follow=True,
    )
    assert "Ошибка в шаблоне документа" in response.content.decode()
    exe = department.post(
        reverse("documents:template_upload", kwargs={"kind": "regulation"}),
        {"file": SimpleUploadedFile("shablon.docx", b"MZ\x90 not a docx")},
        follow=True,
    )
    assert "не соответствует расширению" in exe.content.decode()
    response = client_for(world.curator).get(
        reverse("documents:generate", kwargs={"pk": world.school.pk, "kind": "regulation"})
    )
    assert "ПОЛОЖЕНИЕ" in _text(response)


def test_another_municipalitys_template_never_reaches_this_school(world, client_for):
    client_for(world.foreign_department_admin).post(
        reverse("documents:template_upload", kwargs={"kind": "regulation"}),
        {"file": _docx_with("Чужой образец")},
    )
    response = client_for(world.curator).get(
        reverse("documents:generate", kwargs={"pk": world.school.pk, "kind": "regulation"})
    )
    assert "Чужой образец" not in _text(response)

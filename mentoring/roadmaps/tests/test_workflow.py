import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentoring.roadmaps import services
from mentoring.roadmaps.models import Roadmap, RoadmapStatus, RoadmapTransition
from mentoring.roadmaps.selectors import control_rows
from mentoring.roadmaps.tests.factories import make_roadmap


def _state(roadmap):
    roadmap.refresh_from_db()
    return roadmap.status, roadmap.remarks, roadmap.order_number, RoadmapTransition.objects.count()


def test_an_organization_submits_the_department_returns_with_remarks_then_endorses_and_the_order_approves(
    world,
):
    roadmap = make_roadmap(world.school)
    services.roadmap_submit(by=world.curator, roadmap=roadmap)
    services.roadmap_return(by=world.methodologist, roadmap=roadmap, remarks="Уточните сроки пункта 1.1.")
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.RETURNED
    assert roadmap.remarks == "Уточните сроки пункта 1.1."
    services.roadmap_submit(by=world.head, roadmap=roadmap)
    services.roadmap_endorse(by=world.department_admin, roadmap=roadmap)
    services.roadmap_approve(
        by=world.head,
        roadmap=roadmap,
        order_number="15-од",
        order_date=datetime.date(2026, 2, 20),
        order_file=SimpleUploadedFile("prikaz.pdf", b"%PDF-1.4 signed"),
    )
    roadmap.refresh_from_db()
    assert roadmap.status == RoadmapStatus.APPROVED
    assert roadmap.remarks == ""
    steps = [(t.from_status, t.to_status, t.by) for t in roadmap.transitions.all()]
    assert steps == [
        ("draft", "submitted", world.curator),
        ("submitted", "returned", world.methodologist),
        ("returned", "submitted", world.head),
        ("submitted", "endorsed", world.department_admin),
        ("endorsed", "approved", world.head),
    ]


@pytest.mark.parametrize(
    ("persona", "action", "status", "error"),
    [
        ("curator", "endorse", "submitted", PermissionDenied),
        ("head", "return", "submitted", PermissionDenied),
        ("methodologist", "submit", "draft", PermissionDenied),
        ("other_curator", "submit", "draft", PermissionDenied),
        ("foreign_department_admin", "endorse", "submitted", PermissionDenied),
        ("department_admin", "endorse", "draft", ValidationError),
        ("curator", "submit", "submitted", ValidationError),
        ("curator", "submit", "endorsed", ValidationError),
        ("curator", "approve", "submitted", ValidationError),
        ("curator", "approve", "draft", ValidationError),
        ("department_admin", "return", "endorsed", ValidationError),
    ],
)
def test_a_wrong_role_or_a_wrong_state_is_refused_and_changes_nothing(world, persona, action, status, error):
    roadmap = make_roadmap(world.school, status=status)
    before = _state(roadmap)
    by = world.persona(persona)
    calls = {
        "submit": lambda: services.roadmap_submit(by=by, roadmap=roadmap),
        "endorse": lambda: services.roadmap_endorse(by=by, roadmap=roadmap),
        "return": lambda: services.roadmap_return(by=by, roadmap=roadmap, remarks="Замечание"),
        "approve": lambda: services.roadmap_approve(
            by=by, roadmap=roadmap, order_number="1", order_date=datetime.date(2026, 2, 1)
        ),
    }
    with pytest.raises(error):
        calls[action]()
    assert _state(roadmap) == before


def test_returning_needs_remarks(world):
    roadmap = make_roadmap(world.school, status="submitted")
    with pytest.raises(ValidationError):
        services.roadmap_return(by=world.department_admin, roadmap=roadmap, remarks="   ")
    assert _state(roadmap)[0] == "submitted"


def test_the_municipal_roadmap_is_approved_by_the_departments_order_without_endorsement(world):
    roadmap = make_roadmap(world.department)
    with pytest.raises(ValidationError):
        services.roadmap_submit(by=world.department_admin, roadmap=roadmap)
    services.roadmap_approve(
        by=world.department_admin, roadmap=roadmap, order_number="112", order_date=datetime.date(2026, 1, 15)
    )
    assert _state(roadmap)[0] == "approved"


def test_an_order_in_the_future_or_a_fake_scan_is_refused(world):
    roadmap = make_roadmap(world.school, status="endorsed")
    with pytest.raises(ValidationError):
        services.roadmap_approve(
            by=world.head, roadmap=roadmap, order_number="1", order_date=datetime.date(2999, 1, 1)
        )
    with pytest.raises(ValidationError):
        services.roadmap_approve(
            by=world.head,
            roadmap=roadmap,
            order_number="1",
            order_date=datetime.date(2026, 1, 1),
            order_file=SimpleUploadedFile("prikaz.pdf", b"MZ\x90 not a scan"),
        )
    assert _state(roadmap)[0] == "endorsed"


def test_items_are_reworded_only_while_the_roadmap_is_a_draft_or_returned(world):
    roadmap = make_roadmap(world.school, status="submitted")
    item = roadmap.items.get(number="1.1")
    with pytest.raises(ValidationError):
        services.item_update(by=world.curator, item=item, title="Другое мероприятие")
    with pytest.raises(ValidationError):
        services.item_delete(by=world.curator, item=item)
    executed = services.item_update(
        by=world.curator, item=item, status="done", evidence_link="https://school.example.ru/dk"
    )
    assert executed.done_on is not None
    item.refresh_from_db()
    assert item.title.startswith("Разработка")


def test_a_reworded_deadline_moves_the_overdue_control(world):
    roadmap = make_roadmap(world.school, year=2026)
    item = roadmap.items.get(number="1.1")
    services.item_update(by=world.curator, item=item, deadline_text="до 15.03.2026")
    item.refresh_from_db()
    assert item.deadline_rule == {"kind": "date", "date": "2026-03-15"}
    services.item_update(by=world.curator, item=item, deadline_text="до 20.10.2026")
    item.refresh_from_db()
    assert item.deadline_rule == {"kind": "date", "date": "2026-10-20"}


def test_the_control_counts_overdue_items_and_quarters_and_missing_roadmaps(world):
    roadmap = make_roadmap(world.school, year=2026)
    today = datetime.date(2026, 7, 1)
    rows = {
        row.organization: row
        for row in control_rows(visible_to=world.department_admin, year=2026, today=today)
    }
    school_row = rows[world.school]
    # 1.1 was due on 15.02; the quarterly item missed its first two quarters.
    assert school_row.overdue == 2
    assert school_row.total == 2
    assert rows[world.other_school].roadmap is None
    assert world.foreign_school not in rows
    quarter = roadmap.items.get(number="2.1").checkpoints.order_by("due_date")
    for checkpoint in quarter[:2]:
        services.checkpoint_set_done(by=world.curator, checkpoint=checkpoint, done=True)
    rows = {
        row.organization: row
        for row in control_rows(visible_to=world.department_admin, year=2026, today=today)
    }
    assert rows[world.school].overdue == 1


def test_the_detail_page_shows_remarks_and_marks_overdue_items(world, client_for):
    roadmap = make_roadmap(world.school, year=2020)
    services.roadmap_submit(by=world.curator, roadmap=roadmap)
    services.roadmap_return(
        by=world.department_admin, roadmap=roadmap, remarks="Добавьте мероприятия по 2.3."
    )
    page = (
        client_for(world.curator).get(reverse("roadmaps:detail", kwargs={"pk": roadmap.pk})).content.decode()
    )
    assert "Добавьте мероприятия по 2.3." in page
    assert "просрочено" in page
    assert "Отправить на согласование" in page


def test_the_return_form_without_remarks_explains_itself(world, client_for):
    roadmap = make_roadmap(world.school, status="submitted")
    response = client_for(world.department_admin).post(
        reverse("roadmaps:return", kwargs={"pk": roadmap.pk}), {"remarks": ""}, follow=True
    )
    assert "Обязательное поле" in response.content.decode()
    assert Roadmap.objects.get(pk=roadmap.pk).status == "submitted"


@pytest.mark.parametrize(
    "data",
    [
        {"order_number": "", "order_date": "01.02.2026"},
        {"order_number": "<b>1</b>", "order_date": "01.02.2026"},
        {"order_number": "1", "order_date": "31.02.2026"},
        {"order_number": "1" * 200, "order_date": "01.02.2026"},
    ],
)
def test_bad_approval_input_is_refused_without_changes(world, client_for, data):
    roadmap = make_roadmap(world.school, status="endorsed")
    client_for(world.head).post(reverse("roadmaps:approve", kwargs={"pk": roadmap.pk}), data)
    assert Roadmap.objects.get(pk=roadmap.pk).status == "endorsed"


def test_the_control_page_lists_organizations_without_a_roadmap(world, client_for):
    make_roadmap(world.school, year=2026)
    page = (
        client_for(world.department_admin).get(reverse("roadmaps:control"), {"year": "2026"}).content.decode()
    )
    assert world.other_school.short_name in page
    assert "нет дорожной карты" in page


def test_a_roadmap_downloads_as_the_seeds_table_in_docx_and_xlsx(world, client_for):
    import io

    import docx
    import openpyxl

    roadmap = make_roadmap(world.school)
    client = client_for(world.curator)
    response = client.get(reverse("roadmaps:export", kwargs={"pk": roadmap.pk, "fmt": "docx"}))
    document = docx.Document(io.BytesIO(response.content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "1.1" in cells
    assert any("Разработка дорожных карт" in cell for cell in cells)
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("roadmaps:export", kwargs={"pk": roadmap.pk, "fmt": "xlsx"})).content)
    ).active
    assert any(
        "Информирование ОО и ДО" in str(value) for row in sheet.iter_rows(values_only=True) for value in row
    )
    assert client.get(reverse("roadmaps:export", kwargs={"pk": roadmap.pk, "fmt": "exe"})).status_code == 404


def test_the_roadmap_page_takes_a_bounded_number_of_queries(world, client_for, django_assert_max_num_queries):
    roadmap = make_roadmap(world.school)
    client = client_for(world.curator)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("roadmaps:detail", kwargs={"pk": roadmap.pk})).status_code == 200

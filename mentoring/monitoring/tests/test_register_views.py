"""Pages of the personal register: the list of snapshots, a snapshot on demand, a snapshot's rows with
filters and their XLSX, what each user sees of them and the access log."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mentoring.common.models import PersonalDataAccess
from mentoring.monitoring.models import RegisterRole, RegisterSnapshot, SnapshotReason
from mentoring.monitoring.register import quarter_of
from mentoring.monitoring.tests.factories import build_district, mentorship, person, program, take
from mentoring.people.tests.factories import ConsentFactory

pytestmark = pytest.mark.django_db


def texts(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_department_sees_the_snapshots_with_their_counts_and_may_take_one(world, client_for):
    build_district(world)
    take(world.municipality, quarter=4)
    response = client_for(world.methodologist).get(
        reverse("monitoring:register", args=[world.municipality.pk])
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "31.12.2025" in page
    assert "Снять срез" in page
    snapshot = response.context["page"][0]
    # 10 people: a1 is one person though in two pairs; 4 of them mentor, 6 are mentored.
    assert (snapshot.counts.people, snapshot.counts.mentors, snapshot.counts.mentees) == (10, 4, 6)


def test_a_school_sees_its_own_people_in_the_counts_and_takes_no_snapshots(world, client_for):
    district = build_district(world)
    take(world.municipality, quarter=4)
    response = client_for(world.head).get(
        reverse("monitoring:organization_register", args=[district.school_a.pk])
    )
    assert response.status_code == 200
    assert "Снять срез" not in response.content.decode()
    counts = response.context["page"][0].counts
    # School B's b1 and b2 are not the school's; e1 mentors in the school's program.
    assert (counts.people, counts.mentors) == (8, 3)


def test_a_snapshot_on_demand_is_taken_with_the_note_and_a_second_one_is_a_correction(world, client_for):
    build_district(world)
    client = client_for(world.department_admin)
    url = reverse("monitoring:snapshot_take", args=[world.municipality.pk])
    response = client.post(url, {"year": "2025", "quarter": "4", "note": "Для справки"})
    first = RegisterSnapshot.objects.get()
    assert response["Location"] == reverse("monitoring:snapshot_detail", args=[first.pk])
    assert (first.reason, first.note, first.taken_by) == (
        SnapshotReason.ON_DEMAND,
        "Для справки",
        world.department_admin,
    )
    response = client.post(url, {"year": "2025", "quarter": "4", "note": ""})
    second = RegisterSnapshot.objects.exclude(pk=first.pk).get()
    assert second.reason == SnapshotReason.CORRECTION
    assert "заменяет прежний срез" in " ".join(texts(response))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"year": "abc", "quarter": "1"},
        {"year": "2025", "quarter": "9"},
        {"year": "99999999999999999999", "quarter": "1"},
        {"year": "2025", "quarter": "1", "note": "x" * 501},
        {"year": "2025", "quarter": "<script>alert(1)</script>"},
        {"year": str(timezone.localdate().year + 1), "quarter": "1"},
    ],
)
def test_bad_input_for_a_snapshot_takes_nothing_and_says_why_in_russian(world, client_for, data):
    response = client_for(world.department_admin).post(
        reverse("monitoring:snapshot_take", args=[world.municipality.pk]), data
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("monitoring:register", args=[world.municipality.pk])
    assert not RegisterSnapshot.objects.exists()
    assert texts(response)[0].startswith("Срез не снят.")


def test_the_rows_of_a_snapshot_filter_by_organization_role_and_form(world, client_for):
    district = build_district(world)
    snapshot = take(world.municipality, quarter=4)
    client = client_for(world.department_admin)
    url = reverse("monitoring:snapshot_detail", args=[snapshot.pk])
    assert client.get(url).context["page"].paginator.count == 12
    by_school = client.get(url, {"organization": district.school_b.pk}).context["page"]
    assert {row.person.last_name for row in by_school} == {"Лебедев", "Максимова"}
    mentors = client.get(url, {"role": RegisterRole.MENTOR}).context["page"]
    assert {row.role for row in mentors} == {RegisterRole.MENTOR}
    teachers_form = district.programs["AT"].form
    by_form = client.get(url, {"form": teachers_form.pk}).context["page"]
    assert {row.person.last_name for row in by_form} == {"Жукова", "Зимин"}
    # Nonsense in the filters is ignored rather than failing.
    assert client.get(url, {"organization": "abc", "role": "boss", "form": "-1"}).status_code == 200


def test_a_school_reads_only_its_own_rows_and_the_view_is_logged(world, client_for):
    district = build_district(world)
    snapshot = take(world.municipality, quarter=4)
    response = client_for(world.curator).get(reverse("monitoring:snapshot_detail", args=[snapshot.pk]))
    names = {row.person.last_name for row in response.context["page"]}
    assert "Лебедев" not in names
    assert "Максимова" not in names
    assert "Ковалёв" in names  # the partner's employee mentoring in the school's program
    assert names >= {"Андреева", "Борисов", "Жукова"}
    log = PersonalDataAccess.objects.filter(user=world.curator, object_type="register_snapshot")
    assert {entry.organization_id for entry in log} == {district.school_a.pk, district.partner_1.pk}
    # Asking for another school's rows through the filter shows nothing of them.
    other = client_for(world.curator).get(
        reverse("monitoring:snapshot_detail", args=[snapshot.pk]), {"organization": district.school_b.pk}
    )
    assert {row.person.last_name for row in other.context["page"]} == names


def test_the_xlsx_of_a_snapshot_leaves_out_people_without_consent_and_is_logged(world, client_for):
    district = build_district(world)
    snapshot = take(world.municipality, quarter=4)
    for key in ("b1", "b2"):
        ConsentFactory(person=district.people[key])
    response = client_for(world.department_admin).get(
        reverse("monitoring:snapshot_export", args=[snapshot.pk]), {"organization": district.school_b.pk}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[2][0] == "Фамилия"
    assert sorted(row[0] for row in values[3:]) == ["Лебедев", "Максимова"]
    everything = client_for(world.department_admin).get(
        reverse("monitoring:snapshot_export", args=[snapshot.pk])
    )
    sheet = load_workbook(io.BytesIO(everything.getvalue())).active
    assert "не выгружено строк: 10" in sheet["A2"].value
    assert PersonalDataAccess.objects.filter(action="export", object_type="register_snapshot").exists()


def test_the_register_pages_keep_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    school = world.school
    mentees = [person(school, last_name=f"Участников{index}") for index in range(60)]
    for index in range(0, 60, 3):
        mentorship(program(school), person(school, grade=10), mentees[index : index + 3])
    year, quarter = quarter_of(timezone.localdate())
    for _ in range(3):
        take(world.municipality, year=2025, quarter=4)
    snapshot = take(
        world.municipality,
        year=year,
        quarter=quarter,
        reason=SnapshotReason.ON_DEMAND,
        by=world.methodologist,
    )
    assert snapshot.entries_count == 80
    client = client_for(world.department_admin)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("monitoring:register", args=[world.municipality.pk])).status_code == 200
    with django_assert_max_num_queries(16):
        response = client.get(reverse("monitoring:snapshot_detail", args=[snapshot.pk]))
    assert len(response.context["page"]) == 50
    with django_assert_max_num_queries(16):
        assert client.get(reverse("monitoring:snapshot_export", args=[snapshot.pk])).status_code == 200
    head = client_for(world.head)
    with django_assert_max_num_queries(16):
        assert head.get(reverse("monitoring:snapshot_detail", args=[snapshot.pk])).status_code == 200

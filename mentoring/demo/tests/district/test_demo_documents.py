from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.demo.documents import load_demo_documents
from mentoring.documents.models import Document, DocumentStatus, IncentiveScheme
from mentoring.documents.uploads import validate_document_file
from mentoring.partners.models import Agreement, AgreementStatus


def _snapshot():
    return (
        sorted(
            Document.objects.values_list("organization__code", "kind__name", "title", "number", "file_size")
        ),
        sorted(Agreement.objects.values_list("organization__code", "partner__code", "number", "file_size")),
        sorted(IncentiveScheme.objects.values_list("organization__code", "title")),
        sorted(Document.people.through.objects.values_list("document__title", "person_id")),
        sorted(Agreement.mentors.through.objects.values_list("agreement__number", "mentorprofile_id")),
    )


def _stored(folder):
    if not default_storage.exists(folder):
        return []
    subfolders, _ = default_storage.listdir(folder)
    return sorted(name for sub in subfolders for name in default_storage.listdir(f"{folder}/{sub}")[1])


def test_the_demo_registry_is_loaded_once_however_often_it_runs(district):
    count = load_demo_documents(district)
    first, files = _snapshot(), (_stored("documents"), _stored("partners"))
    assert count == Document.objects.count() > 30
    assert load_demo_documents(district) == count
    assert _snapshot() == first
    assert (_stored("documents"), _stored("partners")) == files


def test_every_school_and_do_has_its_order_and_regulation_and_the_department_its_own(district):
    load_demo_documents(district)
    holders = [o for o in district.values() if o.kind in ("school", "supplementary", "department")]
    for organization in holders:
        kinds = set(Document.objects.filter(organization=organization).values_list("kind__name", flat=True))
        assert "Приказ о внедрении целевой модели наставничества" in kinds, organization.code
    draft = Document.objects.get(status=DocumentStatus.DRAFT)
    assert draft.organization.code == "brz-school-1"
    assert draft.people.count() == 4
    assert all(person.organization.code == "brz-school-1" for person in draft.people.all())


def test_the_demo_files_are_real_pdfs_the_upload_form_would_accept(district):
    load_demo_documents(district)
    stored = [*Document.objects.exclude(file=""), *Agreement.objects.exclude(file="")]
    assert len(stored) > 25
    for record in stored:
        with record.file.open("rb") as handle:
            upload = SimpleUploadedFile(record.file_name, handle.read())
        assert validate_document_file(upload).label == "PDF", record.file_name


def test_three_schools_have_partner_agreements_one_expired_and_partner_1_supplies_its_mentors(district):
    load_demo_documents(district)
    agreements = {a.partner.code: a for a in Agreement.objects.select_related("partner", "organization")}
    assert set(agreements) == {"brz-partner-1", "brz-partner-2", "brz-partner-3"}
    assert agreements["brz-partner-3"].status == AgreementStatus.EXPIRED
    assert agreements["brz-partner-1"].status == AgreementStatus.ACTIVE
    assert agreements["brz-partner-2"].is_indefinite
    mentors = list(agreements["brz-partner-1"].mentors.select_related("person__organization"))
    assert len(mentors) == 3
    assert {mentor.person.organization.code for mentor in mentors} == {"brz-partner-1"}


def test_the_department_and_two_schools_have_incentive_schemes(district):
    load_demo_documents(district)
    schemes = {
        s.organization.code: s for s in IncentiveScheme.objects.select_related("organization", "document")
    }
    assert set(schemes) == {"brz-uo", "brz-school-1", "brz-school-2"}
    assert schemes["brz-uo"].document is not None
    assert schemes["brz-school-1"].document.organization.code == "brz-school-1"
    assert "Участие в конкурсе «Наставник52»" in schemes["brz-uo"].incentive_kinds

import re
import zlib

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from mentoring.accounts.models import User
from mentoring.common.access import get_material_for_user, materials_visible_to
from mentoring.demo.library import MATERIALS, load_demo_library
from mentoring.demo.minimal_files import PdfLine, pdf_document
from mentoring.library.models import Material, Visibility
from mentoring.library.uploads import validate_material_file


def _snapshot():
    return sorted(
        Material.objects.values_list("title", "organization__code", "file_name", "file_size", "link")
    )


def test_the_demo_library_is_loaded_once_however_often_it_runs(district):
    count = load_demo_library(district)
    first = _snapshot()
    files = sorted(default_storage.listdir(f"library/{district['brz-uo'].municipality_id}")[1])
    assert count == len(MATERIALS) == Material.objects.count()
    assert load_demo_library(district) == count
    assert _snapshot() == first
    assert sorted(default_storage.listdir(f"library/{district['brz-uo'].municipality_id}")[1]) == files


def test_the_demo_materials_are_real_files_the_upload_form_would_accept(district):
    load_demo_library(district)
    materials = Material.objects.exclude(file="")
    assert {material.file_kind for material in materials} == {"PDF", "DOCX", "XLSX", "PNG"}
    for material in materials:
        with material.file.open("rb") as stored:
            upload = SimpleUploadedFile(material.file_name, stored.read())
        assert validate_material_file(upload).label == material.file_kind, material.title


def test_the_demo_has_municipal_school_and_organization_only_materials(district):
    load_demo_library(district)
    guideline = Material.objects.get(title__contains="МР-42/02")
    assert guideline.link.startswith("https://")
    assert guideline.organization is None
    plan = Material.objects.get(visibility=Visibility.ORGANIZATION)
    assert plan.organization.code == "brz-school-1"
    assert Material.objects.filter(organization__isnull=True).count() >= 5
    assert plan in materials_visible_to(User.objects.get(username="curator1"))
    assert plan not in materials_visible_to(User.objects.get(username="curator2"))
    assert get_material_for_user(User.objects.get(username="metod1"), plan.pk)[1] is True


def test_a_generated_pdf_is_well_formed_every_object_where_the_index_says():
    data = pdf_document(
        [
            PdfLine("Положение о наставничестве", bold=True, size=16),
            PdfLine("Текст (с скобками) \\ и «кавычками». " * 300),
        ],
        title="Положение",
    )
    assert data.startswith(b"%PDF-1.4")
    assert data.rstrip().endswith(b"%%EOF")
    start = int(re.search(rb"startxref\n(\d+)\n", data).group(1))
    assert data[start:].startswith(b"xref\n")
    offsets = [int(offset) for offset in re.findall(rb"(\d{10}) 00000 n ", data[start:])]
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % number)
    pages = re.search(rb"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)", data)
    assert int(pages.group(1)) >= 2, "the long paragraph flows onto a second page"
    streams = re.findall(rb"/Filter /FlateDecode >>\nstream\n(.*?)\nendstream", data, re.DOTALL)
    text = b"".join(zlib.decompress(stream) for stream in streams)
    assert b"Tj" in text
    assert text.isascii(), "Cyrillic is written as octal codes of the encoding"

"""Helpers of test_form_fuzz.py: read the POST forms of a rendered page, make hostile data for their
fields with hypothesis, and take a cheap fingerprint of every table of the project's apps."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from hypothesis import strategies as st

# ---------------------------------------------------------------------------------------------- forms


@dataclass
class Field:
    name: str
    kind: str  # text, number, date, checkbox, radio, hidden, file, select, textarea, submit, ...
    values: list[str] = field(default_factory=list)  # what the page offers: value(s), option values
    initial: list[str] = field(default_factory=list)  # what a browser would send untouched
    multiple: bool = False
    placeholder: str = ""
    low: str = ""  # the min attribute of a number


@dataclass
class Form:
    action: str
    enctype: str
    fields: dict[str, Field] = field(default_factory=dict)

    def add(self, name: str, kind: str, value: str | None, *, selected: bool, multiple: bool = False) -> None:
        entry = self.fields.setdefault(name, Field(name=name, kind=kind, multiple=multiple))
        if value is not None and value not in entry.values:
            entry.values.append(value)
        if selected and value is not None:
            entry.initial.append(value)
        # Several checkboxes under one name are a multiple choice.
        if kind == "checkbox" and len(entry.values) > 1:
            entry.multiple = True


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: tuple[str, bool] | None = None
        self._option: dict[str, str | None] | None = None
        self._option_text: list[str] = []
        self._textarea: str | None = None
        self._textarea_text: list[str] = []

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attrs_list)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = Form(
                    action=attrs.get("action") or "", enctype=attrs.get("enctype") or "", fields={}
                )
                self.forms.append(self._form)
            else:
                self._form = None
            return
        form = self._form
        if form is None:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                form.add(name, kind, attrs.get("value") or "on", selected="checked" in attrs)
            elif kind in ("submit", "image", "reset", "button"):
                if kind == "submit":
                    form.add(name, "submit", attrs.get("value") or "", selected=False)
            else:
                form.add(name, kind, attrs.get("value") or "", selected=True, multiple="multiple" in attrs)
                entry = form.fields[name]
                entry.placeholder = attrs.get("placeholder") or ""
                entry.low = attrs.get("min") or ""
        elif tag == "button" and name and (attrs.get("type") or "submit").lower() == "submit":
            form.add(name, "submit", attrs.get("value") or "", selected=False)
        elif tag == "select" and name:
            self._select = (name, "multiple" in attrs)
            form.fields.setdefault(name, Field(name=name, kind="select", multiple="multiple" in attrs))
        elif tag == "option" and self._select:
            self._finish_option()
            self._option = {"value": attrs.get("value"), "selected": "1" if "selected" in attrs else None}
            self._option_text = []
        elif tag == "textarea" and name:
            self._textarea = name
            self._textarea_text = []

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option_text.append(data)
        if self._textarea is not None:
            self._textarea_text.append(data)

    def _finish_option(self) -> None:
        if self._option is None or self._select is None or self._form is None:
            return
        name, multiple = self._select
        value = self._option["value"]
        if value is None:
            value = "".join(self._option_text).strip()
        self._form.add(name, "select", value, selected=bool(self._option["selected"]), multiple=multiple)
        self._option = None

    def handle_endtag(self, tag: str) -> None:
        if tag == "option":
            self._finish_option()
        elif tag == "select":
            self._finish_option()
            if self._select and self._form:
                entry = self._form.fields[self._select[0]]
                # A single select with nothing marked sends its first option.
                if not entry.multiple and not entry.initial and entry.values:
                    entry.initial.append(entry.values[0])
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            text = "".join(self._textarea_text)
            self._form.add(self._textarea, "textarea", text.removeprefix("\n"), selected=True)
            self._textarea = None
        elif tag == "form":
            self._form = None


def post_forms(html: str) -> list[Form]:
    """Every form with method=post on the page, without Django's CSRF token."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        form.fields.pop("csrfmiddlewaretoken", None)
    return parser.forms


def original_data(form: Form) -> dict[str, list[str]]:
    """What the browser sends when the user presses the first button without touching anything."""
    data = {f.name: list(f.initial) for f in form.fields.values() if f.kind != "submit" and f.initial}
    buttons = [f for f in form.fields.values() if f.kind == "submit"]
    if buttons:
        data[buttons[0].name] = buttons[0].values[:1]
    return data


# ------------------------------------------------------------------------------------------ strategies

LONG = 100_000

NASTY_TEXT = [
    "",
    " ",
    "\x00",
    "abc\x00def",
    "\x01\x02\x1b[31m\x7f",
    "\r\n\t\v\f",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "' OR 1=1 --",
    "'; DROP TABLE people_person; --",
    "%s%s%n%x",
    "../../../../etc/passwd",
    "😀👩‍👩‍👧‍👦🇷🇺",
    "\u202eтекст справа налево\u202c",
    "مرحبا بالعالم",
    "\ufeff\u200b\u200d",
    "Ёё Йй " * 3,
    "null",
    "None",
    "true",
    "[]",
    "{}",
]
NASTY_NUMBERS = [
    "0",
    "-1",
    "-2147483649",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "-0",
    "1.5",
    "1,5",
    "NaN",
    "Infinity",
    "0x10",
    "١٢٣",
    "99999999999999999999999999999999999999",
]
NASTY_DATES = [
    "2024-02-30",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "31.12.2024",
    "32.13.2024",
    "2024-13-01",
    "2024-01-01T25:61",
    "-2024-01-01",
    "10000-01-01",
    "1970-01-01 00:00:00+99:00",
    "29.02.2023",
]
UNKNOWN_CHOICES = ["999999999", "-1", "0", "x", "999999999999999999999"]


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NASTY_TEXT),
        st.sampled_from(NASTY_NUMBERS),
        st.sampled_from(NASTY_DATES),
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12).map(
            lambda s: (s * (LONG // len(s) + 1))[:LONG]
        ),
        st.just("я" * LONG),
        st.integers(min_value=-(10**20), max_value=10**20).map(str),
    )


def _xlsx(cells: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in cells:
        # openpyxl refuses control characters in cells; a real spreadsheet cannot hold them either.
        sheet.append([ILLEGAL_IN_XML.sub("", value)[:32000] for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for text in paragraphs:
        document.add_paragraph(ILLEGAL_IN_XML.sub("", text))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _image(kind: str, width: int, height: int, cut: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, format=kind)
    data = out.getvalue()
    # A cut-off image keeps its signature but cannot be decoded.
    return data[: len(data) - cut] if cut else data


def _odt(mimetype: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype)
    return out.getvalue()


ILLEGAL_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Placeholders a DOCX template may hold: good ones, broken ones and attempts to reach Python internals.
TEMPLATE_TEXT = [
    "{{ organization }}",
    "{{ date }}",
    "{% for row in rows %}{{ row }}{% endfor %}",
    "{{ unclosed",
    "{% for x in %}",
    "{% endif %}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ 1/0 }}",
    "{{ x|nosuchfilter }}",
]


def _file_contents() -> st.SearchStrategy[tuple[str, bytes]]:
    """A name and content a careful user might upload: real files of every kind the forms take,
    some of them broken inside."""
    cell = st.one_of(hostile_text().map(lambda s: s[:200]), st.sampled_from(["Иванов", "7", "01.09.2025"]))
    grid = st.lists(st.lists(cell, min_size=1, max_size=5), min_size=1, max_size=4)
    return st.one_of(
        st.just(("scan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")),
        st.builds(lambda c: ("photo.png", _image("PNG", 4, 3, c)), st.sampled_from([0, 0, 20])),
        st.builds(lambda c: ("photo.jpg", _image("JPEG", 3, 4, c)), st.sampled_from([0, 0, 50])),
        # A picture one pixel wide and very tall: cheap to make, awkward to thumbnail.
        st.just(("tall.png", _image("PNG", 1, 20000, 0))),
        grid.map(lambda rows: ("table.xlsx", _xlsx(rows))),
        st.lists(
            st.one_of(st.sampled_from(TEMPLATE_TEXT), hostile_text().map(lambda s: s[:300])), max_size=4
        ).map(lambda texts: ("template.docx", _docx(texts))),
        st.sampled_from([b"application/vnd.oasis.opendocument.text", b"text/html", b""]).map(
            lambda mime: ("text.odt", _odt(mime))
        ),
    )


def _hostile_file() -> st.SearchStrategy[tuple[str, bytes]]:
    contents = st.one_of(
        st.binary(max_size=2000),
        st.sampled_from(
            [
                b"",
                b"%PDF-",
                b"PK\x03\x04" + b"\x00" * 40,  # the start of a zip, as XLSX and DOCX are
                b"\x89PNG\r\n\x1a\n" + b"\x00" * 30,
                b"\xff\xd8\xff\xe0" + b"\x00" * 30,
                "ФИО;Класс\nИванов;7А\n".encode("cp1251"),
                b"MZ\x90\x00",
            ]
        ),
    )
    names = st.sampled_from(
        [
            "file.pdf",
            "file.xlsx",
            "file.docx",
            "file.odt",
            "photo.jpg",
            "photo.png",
            "../../etc/passwd.pdf",
            "файл с пробелом.PDF",
            "a" * 300 + ".pdf",
            "noextension",
            ".pdf",
            "x.pdf.exe",
            "nul\x00.pdf",
        ]
    )
    return st.tuples(names, contents)


def _upload(contents: st.SearchStrategy[tuple[str, bytes]]) -> st.SearchStrategy[SimpleUploadedFile]:
    return contents.map(lambda pair: SimpleUploadedFile(pair[0], pair[1]))


def _is_date(entry: Field) -> bool:
    return entry.kind == "date" or "ГГГГ" in entry.placeholder


# Field names that ask for a particular shape of text, and a value of that shape.
SHAPED = [
    (("time",), ["15:30"]),
    (("email",), ["ivanova@example.ru"]),
    (("phone",), ["+7 900 123-45-67"]),
    (("link", "url", "website", "site"), ["https://example.ru/page"]),
    (("inn",), ["7707083893", "526317984689"]),
    (("year",), ["2025", "2026"]),
    (("code",), ["sech-new-1"]),
    (
        ("number", "count", "size", "days", "minutes", "hours", "capacity", "percent", "score", "grade"),
        ["1", "3", "12"],
    ),
]


def _plausible_text(entry: Field) -> st.SearchStrategy[str]:
    """What a careful user types into an empty field of this kind."""
    if _is_date(entry):
        return st.sampled_from(
            ["2025-09-01"] if entry.kind == "date" else ["01.09.2025", "15.01.2026", "31.05.2026"]
        )
    if entry.kind == "number":
        low = int(entry.low) if entry.low.lstrip("-").isdigit() else 0
        return st.integers(min_value=low, max_value=low + 5).map(str)
    if entry.kind == "email":
        return st.just("ivanova@example.ru")
    if entry.kind == "url":
        return st.just("https://example.ru/page")
    if entry.kind == "time":
        return st.just("15:30")
    if entry.kind == "password":
        return st.sampled_from(["Сл0жный-пароль-2025", "short"])
    name = entry.name.lower()
    for hints, values in SHAPED:
        if any(hint in name for hint in hints):
            return st.sampled_from(values)
    return st.sampled_from(["Иванова", "Мария", "Кружок робототехники", "Повысить успеваемость по алгебре"])


def plausible(entry: Field) -> st.SearchStrategy[list[Any]]:
    """The values a careful user would send: the form's own values, a choice it offers, or text
    that fits the field."""
    if entry.kind == "file":
        return st.one_of(_upload(_file_contents()).map(lambda f: [f]), st.just([]))
    offered = [value for value in entry.values if value]
    if entry.kind in ("select", "radio", "checkbox"):
        if not offered:
            return st.just(list(entry.initial))
        if entry.multiple or entry.kind == "checkbox":
            return st.one_of(
                st.lists(st.sampled_from(offered), min_size=1, max_size=3, unique=True),
                st.just(list(entry.initial)),
            )
        # Mostly a real choice: the rendered one is often the empty «---------».
        choice = st.sampled_from(offered).map(lambda v: [v])
        return st.one_of(choice, choice, st.just(list(entry.initial)))
    if entry.kind == "submit":
        return st.sampled_from(entry.values or [""]).map(lambda v: [v])
    if entry.kind == "hidden":
        return st.just(list(entry.initial))
    typed = _plausible_text(entry).map(lambda v: [v])
    if any(entry.initial):
        return st.one_of(st.just(list(entry.initial)), typed)
    return typed


def hostile(entry: Field) -> st.SearchStrategy[list[Any]]:
    """Values no careful user sends: hostile text, unknown choices, several values for one field,
    broken or disguised files."""
    if entry.kind == "file":
        one: st.SearchStrategy[Any] = _upload(st.one_of(_hostile_file(), _file_contents()))
    elif entry.kind in ("select", "radio", "checkbox", "submit"):
        one = st.one_of(st.sampled_from(UNKNOWN_CHOICES), hostile_text())
    else:
        one = hostile_text()
    return st.one_of(one.map(lambda v: [v]), st.lists(one, min_size=2, max_size=3), st.just([""]))


@st.composite
def form_data(draw: st.DrawFn, form: Form) -> dict[str, list[Any]]:
    """A request body for the form. Mostly a careful user's submission with one to three fields
    made hostile, so the examples reach past the first validation error into the services; sometimes
    every field hostile or left out at once."""
    names = list(form.fields)
    data: dict[str, list[Any]] = {}
    if draw(st.integers(min_value=0, max_value=3)) == 3:
        for name in names:
            entry = form.fields[name]
            value = draw(st.one_of(st.none(), plausible(entry), hostile(entry)))
            if value is not None:
                data[name] = value
        return data
    targets = (
        draw(st.sets(st.sampled_from(names), min_size=1, max_size=min(3, len(names)))) if names else set()
    )
    for name in names:
        entry = form.fields[name]
        value = draw(hostile(entry)) if name in targets else draw(plausible(entry))
        if value or name in targets:
            data[name] = value
    return data


def shown(data: dict[str, list[Any]]) -> str:
    """The data in a failure message, long values shortened."""

    def one(value: Any) -> str:
        if isinstance(value, SimpleUploadedFile):
            return f"<file {(value.name or '')[:40]!r} {value.size} bytes>"
        text = repr(value)
        return text if len(text) <= 80 else f"{text[:60]}…({len(value)} chars)"

    return (
        "{"
        + ", ".join(f"{name!r}: [{', '.join(one(v) for v in values)}]" for name, values in data.items())
        + "}"
    )


# --------------------------------------------------------------------------------------- fingerprint


def project_models(exclude: set[str]) -> list[type[models.Model]]:
    """Every concrete model of the mentoring.* apps, their history tables included."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("mentoring."):
            continue
        for model in config.get_models(include_auto_created=True):
            if model._meta.label in exclude or model._meta.proxy or not model._meta.managed:
                continue
            found.append(model)
    return found


def fingerprint_sql(models_: list[type[models.Model]]) -> str:
    """One query: rows, largest integer key and latest change of every table."""
    quote = connection.ops.quote_name
    parts = []
    for model in models_:
        pk = model._meta.pk
        assert pk is not None
        columns = ["CAST(COUNT(*) AS TEXT)"]
        if isinstance(pk, models.AutoField | models.BigAutoField | models.IntegerField):
            columns.append(f"COALESCE(CAST(MAX({quote(pk.column)}) AS TEXT), '')")
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            columns.append(f"COALESCE(CAST(MAX({quote('updated_at')}) AS TEXT), '')")
        # Cast the label too: PostgreSQL types a bare literal as "unknown", which UNION cannot merge.
        joined = " || ':' || ".join(columns)
        parts.append(
            # Names come from the models' own metadata, never from a request.
            f"SELECT CAST('{model._meta.label}' AS TEXT), {joined} FROM {quote(model._meta.db_table)}"  # noqa: S608
        )
    return " UNION ALL ".join(parts)


def fingerprint(sql: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())

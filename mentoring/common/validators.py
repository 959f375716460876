"""Validators for the free text people type into forms and imports.

Names of people and organizations are shown on many pages, exported to DOCX/XLSX and sent to other
systems, so markup and control characters are refused at the door with a clear message instead of
being stored and escaped everywhere later.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MARKUP = re.compile(r"[<>{}\[\]\\`|^~$;=*]")


@deconstructible
class PlainTextValidator:
    """Refuses markup, control characters and characters that never occur in names or addresses."""

    message = "Используйте только буквы, цифры, пробелы и знаки препинания: символы {chars} недопустимы."

    def __call__(self, value: str) -> None:
        if _CONTROL_CHARACTERS.search(value):
            raise ValidationError("Текст содержит управляющие символы.", code="control_characters")
        found = sorted(set(_MARKUP.findall(value)))
        if found:
            raise ValidationError(self.message.format(chars=" ".join(found)), code="markup")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PlainTextValidator)

    def __hash__(self) -> int:
        return hash(type(self))


plain_text = PlainTextValidator()

person_name = RegexValidator(
    regex=r"^[A-Za-zА-ЯЁа-яё]+(?:[ '’\-][A-Za-zА-ЯЁа-яё]+)*$",
    message="Допустимы только буквы, дефис, апостроф и пробел между частями имени.",
    code="person_name",
)

phone_number = RegexValidator(
    regex=r"^\+?[0-9][0-9 ()\-]{4,24}$",
    message="Введите телефон цифрами, например +7 (831) 234-56-78.",
    code="phone",
)

code_validator = RegexValidator(
    regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    message="Код: строчные латинские буквы, цифры и дефисы между ними, например school-1.",
    code="code",
)


def inn_validator(value: str) -> None:
    """INN of a legal entity (10 digits) or of an individual entrepreneur (12 digits), with its checksum."""
    from stdnum.exceptions import ValidationError as StdnumError
    from stdnum.ru import inn

    try:
        inn.validate(value)
    except StdnumError as error:
        raise ValidationError(
            "ИНН должен состоять из 10 или 12 цифр с верной контрольной суммой.", code="inn"
        ) from error

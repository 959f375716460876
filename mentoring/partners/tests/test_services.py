import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from mentoring.organizations.models import OrganizationKind, PartnerKind
from mentoring.organizations.tests.factories import OrganizationFactory
from mentoring.partners import services
from mentoring.partners.models import Agreement, AgreementStatus
from mentoring.partners.tests.factories import SMALL_PDF, make_agreement, partner_mentor


def _create(world, *, by=None, organization=None, partner=None, **fields):
    values = {
        "number": "7-С",
        "signed_on": datetime.date(2025, 8, 25),
        "valid_from": datetime.date(2025, 9, 1),
        "valid_until": datetime.date(2027, 8, 31),
        "subject": "Сотрудничество в реализации программ наставничества; экскурсии на предприятие.",
    }
    values.update(fields)
    return services.agreement_create(
        by=by or world.curator,
        organization=organization or world.school,
        partner=partner or world.partner,
        **values,
    )


def _foreign_partner(world):
    return OrganizationFactory(
        municipality=world.other_municipality,
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.UNIVERSITY,
        short_name="Лукояновский техникум",
        code="luk-partner",
    )


def test_a_curator_registers_an_agreement_with_a_partner_and_its_mentors(world):
    mentors = [partner_mentor(world.partner), partner_mentor(world.partner)]
    agreement = _create(world, mentors=mentors, file=SimpleUploadedFile("Соглашение.pdf", SMALL_PDF))
    assert set(agreement.mentors.all()) == set(mentors)
    assert agreement.file_name == "Соглашение.pdf"
    assert agreement.file.name.startswith(f"partners/{world.school.pk}/")
    assert agreement.created_by == world.curator
    assert agreement.history.count() == 1


def test_the_partner_must_be_a_partner_organization(world):
    with pytest.raises(ValidationError) as error:
        _create(world, partner=world.other_school)
    assert "не организация-партнёр" in error.value.message_dict["partner"][0]
    assert not Agreement.objects.exists()


def test_the_partner_must_be_of_the_same_municipality(world):
    with pytest.raises(ValidationError) as error:
        _create(world, by=world.superuser, partner=_foreign_partner(world))
    assert "того же муниципалитета" in error.value.message_dict["partner"][0]


def test_an_archived_partner_gets_no_new_agreements(world):
    world.partner.is_archived = True
    world.partner.archived_at = timezone.now()
    world.partner.save()
    with pytest.raises(ValidationError) as error:
        _create(world)
    assert "в архив" in error.value.message_dict["partner"][0]


def test_an_end_before_the_start_is_refused_in_russian(world):
    with pytest.raises(ValidationError) as error:
        _create(world, valid_from=datetime.date(2026, 9, 1), valid_until=datetime.date(2025, 9, 1))
    assert "не может быть раньше его начала" in error.value.message_dict["valid_until"][0]
    assert not Agreement.objects.exists()


def test_an_agreement_is_not_signed_in_the_future_nor_after_its_end(world):
    with pytest.raises(ValidationError) as error:
        _create(world, signed_on=timezone.localdate() + datetime.timedelta(days=3), valid_until=None)
    assert "в будущем" in error.value.message_dict["signed_on"][0]
    with pytest.raises(ValidationError) as error:
        _create(
            world,
            signed_on=datetime.date(2025, 8, 1),
            valid_from=datetime.date(2025, 1, 1),
            valid_until=datetime.date(2025, 6, 30),
        )
    assert "после окончания срока" in error.value.message_dict["signed_on"][0]
    assert not Agreement.objects.exists()


def test_the_database_refuses_reversed_dates_and_an_agreement_with_oneself(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_agreement(
            world.school,
            world.partner,
            by=world.curator,
            valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2025, 1, 1),
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        make_agreement(world.school, world.school, by=world.curator)


def test_the_same_number_with_the_same_partner_is_refused(world):
    _create(world)
    with pytest.raises(ValidationError) as error:
        _create(world)
    assert "под таким номером уже внесено" in str(error.value)


def test_mentors_come_only_from_the_partners_own_base(world):
    other_partner = OrganizationFactory(
        municipality=world.municipality,
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.NGO,
        short_name="Совет ветеранов",
        code="sech-partner-2",
    )
    from mentoring.people.tests.factories import MentorProfileFactory, PersonFactory

    school_teacher = MentorProfileFactory(person=PersonFactory(organization=world.school))
    for stranger in (partner_mentor(other_partner), school_teacher):
        with pytest.raises(ValidationError) as error:
            _create(world, mentors=[stranger])
        assert "из базы наставников «СПК «Рассвет»»" in error.value.message_dict["mentors"][0]
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("persona", ["methodologist", "other_curator", "partner_representative", "mentor"])
def test_only_the_schools_head_curator_and_the_department_admin_register_its_agreements(world, persona):
    with pytest.raises(PermissionDenied):
        _create(world, by=getattr(world, persona))


def test_the_department_signs_its_own_agreements(world):
    agreement = _create(world, by=world.methodologist, organization=world.department)
    assert agreement.organization == world.department


def test_a_partner_cannot_sign_an_agreement_as_the_organization(world):
    with pytest.raises(ValidationError) as error:
        _create(world, by=world.superuser, organization=world.partner, partner=world.partner)
    assert "подписывает школа" in error.value.message_dict["organization"][0]


def test_the_status_follows_the_dates(world):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    active = make_agreement(
        world.school, world.partner, by=world.curator, number="1", valid_from=today, valid_until=today
    )
    indefinite = make_agreement(
        world.school, world.partner, by=world.curator, number="2", valid_from=today - day, valid_until=None
    )
    expired = make_agreement(
        world.school,
        world.partner,
        by=world.curator,
        number="3",
        valid_from=today - 9 * day,
        valid_until=today - day,
    )
    upcoming = make_agreement(
        world.school, world.partner, by=world.curator, number="4", valid_from=today + day, valid_until=None
    )
    assert [a.status for a in (active, indefinite, expired, upcoming)] == [
        AgreementStatus.ACTIVE,
        AgreementStatus.ACTIVE,
        AgreementStatus.EXPIRED,
        AgreementStatus.UPCOMING,
    ]
    assert indefinite.is_indefinite


def test_an_agreement_with_mentors_is_not_deleted_one_without_is_and_its_file_goes_after_commit(
    world, django_capture_on_commit_callbacks
):
    with_mentors = make_agreement(world.school, world.partner, by=world.curator, number="1")
    with_mentors.mentors.add(partner_mentor(world.partner))
    with pytest.raises(ValidationError) as error:
        services.agreement_delete(by=world.curator, agreement=with_mentors)
    assert "направлены наставники" in error.value.messages[0]
    mistaken = make_agreement(world.school, world.partner, by=world.curator, number="2", content=SMALL_PDF)
    stored = mistaken.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.agreement_delete(by=world.curator, agreement=mistaken)
    assert default_storage.exists(stored)
    for callback in callbacks:
        callback()
    assert not default_storage.exists(stored)
    assert list(Agreement.objects.all()) == [with_mentors]


def test_an_edit_keeps_the_parties_and_a_mentor_archived_since(world):
    mentor = partner_mentor(world.partner)
    agreement = _create(world, mentors=[mentor])
    mentor.person.is_archived = True
    mentor.person.archived_at = timezone.now()
    mentor.person.save()
    services.agreement_update(
        by=world.curator,
        agreement=agreement,
        number="7-С/1",
        signed_on=agreement.signed_on,
        valid_from=agreement.valid_from,
        valid_until=None,
        subject=agreement.subject,
        mentors=[mentor],
    )
    agreement.refresh_from_db()
    assert agreement.number == "7-С/1"
    assert agreement.valid_until is None
    assert list(agreement.mentors.all()) == [mentor]
    assert (agreement.organization, agreement.partner) == (world.school, world.partner)

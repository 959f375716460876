import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from mentoring.common.models import PersonalDataAccess
from mentoring.people import services
from mentoring.people.models import (
    ConsentGiver,
    MenteeStatus,
    MenteeSubtype,
    Person,
    PersonCategory,
    SchoolYearPlacement,
    Subject,
    SupportArea,
)
from mentoring.people.selectors import (
    PeopleFilters,
    mentees_available_for_matching,
    mentors_available_for_matching,
    people_with_valid_consent,
    person_list,
)
from mentoring.people.tests.factories import (
    ConsentFactory,
    MenteeProfileFactory,
    MenteeRequestFactory,
    MentorProfileFactory,
    PersonFactory,
    TeacherFactory,
)


def _pupil_fields(**changes):
    return {
        "category": PersonCategory.objects.get(code="pupil"),
        "last_name": "Семёнова",
        "first_name": "Алёна",
        "patronymic": "Игоревна",
        "birth_date": datetime.date(2011, 4, 2),
        "grade": 8,
        "class_letter": "б",
        **changes,
    }


def test_a_curator_adds_a_pupil_of_the_own_school_and_the_class_letter_is_capitalised(world):
    pupil = services.person_create(by=world.curator, organization=world.school, **_pupil_fields())
    assert pupil.municipality == world.municipality
    assert pupil.school_class == "8Б"
    assert pupil.search_name == "семенова алена игоревна"


def test_a_curator_cannot_add_people_to_another_school(world):
    with pytest.raises(PermissionDenied):
        services.person_create(by=world.curator, organization=world.other_school, **_pupil_fields())
    with pytest.raises(PermissionDenied):
        services.person_create(by=world.methodologist, organization=world.school, **_pupil_fields())


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"grade": None}, "grade"),
        ({"birth_date": None}, "birth_date"),
        ({"birth_date": datetime.date(2999, 1, 1)}, "birth_date"),
        ({"grade": 12}, "grade"),
        ({"last_name": "<b>Семёнова</b>"}, "last_name"),
        ({"email": "не почта"}, "email"),
    ],
)
def test_an_invalid_pupil_is_refused_naming_the_field(world, changes, field):
    with pytest.raises(ValidationError) as error:
        services.person_create(by=world.curator, organization=world.school, **_pupil_fields(**changes))
    assert field in error.value.message_dict
    assert not Person.objects.exists()


def test_a_teacher_has_no_class(world):
    teacher = PersonCategory.objects.get(code="teacher")
    with pytest.raises(ValidationError) as error:
        services.person_create(by=world.curator, organization=world.school, **_pupil_fields(category=teacher))
    assert "grade" in error.value.message_dict
    created = services.person_create(
        by=world.curator,
        organization=world.school,
        **_pupil_fields(category=teacher, grade=None, class_letter="", experience_years=2),
    )
    assert created.is_young_specialist


def test_likely_duplicates_ignore_case_spaces_and_yo(world):
    services.person_create(by=world.curator, organization=world.school, **_pupil_fields())
    found = services.likely_duplicates(
        municipality_id=world.municipality.pk,
        last_name="  СЕМЕНОВА ",
        first_name="алена",
        patronymic="ИГОРЕВНА",
        birth_date=datetime.date(2011, 4, 2),
    )
    assert found.count() == 1
    other_birthday = services.likely_duplicates(
        municipality_id=world.municipality.pk,
        last_name="Семёнова",
        first_name="Алёна",
        patronymic="Игоревна",
        birth_date=datetime.date(2011, 4, 3),
    )
    assert other_birthday.count() == 0


def test_an_external_id_is_unique_within_the_municipality(world):
    PersonFactory(organization=world.school, external_id="NAV-1")
    with pytest.raises(ValidationError):
        services.person_create(
            by=world.other_curator, organization=world.other_school, **_pupil_fields(external_id="NAV-1")
        )
    PersonFactory(organization=world.foreign_school, external_id="NAV-1")


def test_a_person_with_consents_cannot_be_deleted(world):
    consent = ConsentFactory(person=PersonFactory(organization=world.school))
    with pytest.raises(ProtectedError):
        consent.person.delete()


def test_for_a_minor_only_a_legal_representative_consents(world):
    pupil = PersonFactory(organization=world.school, representative_name="Семёнова Ольга Петровна")
    with pytest.raises(ValidationError) as error:
        services.consent_record(
            by=world.curator, person=pupil, given_by=ConsentGiver.PERSON, given_on=datetime.date(2025, 9, 1)
        )
    assert "законный представитель" in error.value.message_dict["given_by"][0]
    consent = services.consent_record(
        by=world.curator,
        person=pupil,
        given_by=ConsentGiver.REPRESENTATIVE,
        given_on=datetime.date(2025, 9, 1),
    )
    assert consent.representative_name == "Семёнова Ольга Петровна"
    assert consent.recorded_by == world.curator


def test_a_consent_in_the_future_is_refused(world):
    teacher = TeacherFactory(organization=world.school)
    with pytest.raises(ValidationError):
        services.consent_record(
            by=world.curator, person=teacher, given_by=ConsentGiver.PERSON, given_on=datetime.date(2999, 1, 1)
        )


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("scan.pdf", b"%PDF-1.7 signed consent", True),
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, True),
        ("scan.pdf", b"MZ\x90\x00 an executable", False),
        ("scan.exe", b"MZ\x90\x00", False),
        ("scan.jpg", b"%PDF-1.4 a pdf that lies", False),
        ("scan.pdf", b"", False),
    ],
)
def test_only_real_scans_are_accepted_as_consent_documents(world, name, content, accepted):
    teacher = TeacherFactory(organization=world.school)
    upload = SimpleUploadedFile(name, content)
    record = lambda: services.consent_record(  # noqa: E731
        by=world.curator,
        person=teacher,
        given_by=ConsentGiver.PERSON,
        given_on=datetime.date(2025, 9, 1),
        document=upload,
    )
    if accepted:
        assert record().document.name.endswith(name.rsplit(".", 1)[-1])
    else:
        with pytest.raises(ValidationError):
            record()
        assert not teacher.consents.exists()


def test_a_withdrawn_or_expired_consent_no_longer_counts(world):
    pupil = PersonFactory(organization=world.school)
    consent = ConsentFactory(person=pupil, given_on=datetime.date(2025, 9, 1))
    assert people_with_valid_consent(Person.objects.all()).count() == 1
    services.consent_withdraw(by=world.curator, consent=consent, withdrawn_on=datetime.date(2025, 10, 1))
    assert people_with_valid_consent(Person.objects.all(), day=datetime.date(2025, 9, 15)).count() == 1
    assert people_with_valid_consent(Person.objects.all(), day=datetime.date(2025, 10, 1)).count() == 0
    ConsentFactory(person=pupil, given_on=datetime.date(2025, 11, 1), valid_until=datetime.date(2025, 12, 31))
    assert people_with_valid_consent(Person.objects.all(), day=datetime.date(2026, 1, 1)).count() == 0


def test_the_database_refuses_a_consent_withdrawn_before_it_was_given(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConsentFactory(
            person=PersonFactory(organization=world.school),
            given_on=datetime.date(2025, 9, 1),
            withdrawn_on=datetime.date(2025, 8, 1),
        )


def test_people_without_consent_are_never_offered_for_matching(world):
    with_consent = MenteeProfileFactory(person=PersonFactory(organization=world.school))
    ConsentFactory(person=with_consent.person)
    MenteeProfileFactory(person=PersonFactory(organization=world.school))  # no consent
    withdrawn = MenteeProfileFactory(person=PersonFactory(organization=world.school))
    ConsentFactory(person=withdrawn.person, withdrawn_on=datetime.date(2025, 9, 2))
    mentor = MentorProfileFactory(person=TeacherFactory(organization=world.school))
    MentorProfileFactory(person=TeacherFactory(organization=world.school))  # no consent
    ConsentFactory(person=mentor.person, given_by=ConsentGiver.PERSON, representative_name="")
    mentees = mentees_available_for_matching(organization_ids=[world.school.pk])
    mentors = mentors_available_for_matching(organization_ids=[world.school.pk])
    assert list(mentees) == [with_consent]
    assert list(mentors) == [mentor]


def test_a_subtype_must_fit_the_category(world):
    teacher = TeacherFactory(organization=world.school)
    with pytest.raises(ValidationError):
        services.mentee_profile_save(
            by=world.curator, person=teacher, subtype=MenteeSubtype.objects.get(name="Неуспевающий")
        )
    profile = services.mentee_profile_save(
        by=world.curator, person=teacher, subtype=MenteeSubtype.objects.get(name="Молодой специалист")
    )
    assert profile.status == MenteeStatus.WAITING


def test_a_request_in_a_subject_area_needs_the_subject(world):
    mentee = MenteeProfileFactory(person=PersonFactory(organization=world.school))
    area = SupportArea.objects.get(name="Результаты по предмету", organization__isnull=True)
    with pytest.raises(ValidationError):
        services.mentee_request_add(by=world.curator, mentee=mentee, area=area)
    request = services.mentee_request_add(
        by=world.curator, mentee=mentee, area=area, subject=Subject.objects.get(name="Математика")
    )
    assert str(request) == "Результаты по предмету (Математика)"
    with pytest.raises(ValidationError):
        services.mentee_request_add(by=world.curator, mentee=mentee)


def test_the_list_searches_names_ignoring_case_and_yo(world):
    services.person_create(by=world.curator, organization=world.school, **_pupil_fields())
    for query in ("семенова", "АЛЁНА СЕМЁНОВА", "  семен  "):
        found = person_list(visible_to=world.curator, filters=PeopleFilters(q=query))
        assert [p.last_name for p in found] == ["Семёнова"], query


def test_the_list_shows_a_curator_only_the_own_school(world):
    own = PersonFactory(organization=world.school)
    PersonFactory(organization=world.other_school)
    assert list(person_list(visible_to=world.curator, filters=PeopleFilters())) == [own]
    assert person_list(visible_to=world.department_admin, filters=PeopleFilters()).count() == 2
    assert person_list(visible_to=world.foreign_department_admin, filters=PeopleFilters()).count() == 0


def test_the_list_filters_by_base_consent_and_request(world):
    mentee = MenteeProfileFactory(person=PersonFactory(organization=world.school, last_name="Менти"))
    MenteeRequestFactory(mentee=mentee)
    mentor = MentorProfileFactory(person=TeacherFactory(organization=world.school, last_name="Менторова"))
    ConsentFactory(person=mentor.person, given_by=ConsentGiver.PERSON, representative_name="")
    PersonFactory(organization=world.school, last_name="Никтов")

    def names(**filters):
        return [p.last_name for p in person_list(visible_to=world.curator, filters=PeopleFilters(**filters))]

    assert names(role="mentee") == ["Менти"]
    assert names(role="mentor") == ["Менторова"]
    assert names(role="none") == ["Никтов"]
    assert names(consent="valid") == ["Менторова"]
    assert names(consent="missing") == ["Менти", "Никтов"]
    area = SupportArea.objects.get(name="Адаптация в новом классе или школе", organization__isnull=True)
    assert names(area_id=area.pk) == ["Менти"]


def test_the_rollover_moves_pupils_up_graduates_the_eleventh_and_keeps_the_past(world):
    seventh = PersonFactory(organization=world.school, grade=7, class_letter="А")
    eleventh = PersonFactory(organization=world.school, grade=11, class_letter="Б")
    MentorProfileFactory(person=eleventh)
    waiting = MenteeProfileFactory(person=eleventh)
    request = MenteeRequestFactory(mentee=MenteeProfileFactory(person=seventh), school_year=2025)
    other_school_pupil = PersonFactory(organization=world.other_school, grade=5)

    plan = services.rollover_plan(
        organizations=world.school.__class__.objects.filter(pk=world.school.pk), from_year=2025
    )
    assert plan.promoted == [seventh]
    assert plan.graduating == [eleventh]
    assert plan.open_requests == 1

    services.rollover_apply(
        by=world.curator,
        organizations=world.school.__class__.objects.filter(pk=world.school.pk),
        from_year=2025,
        carry_over_requests=True,
    )
    seventh.refresh_from_db()
    eleventh.refresh_from_db()
    waiting.refresh_from_db()
    request.refresh_from_db()
    other_school_pupil.refresh_from_db()
    assert seventh.school_class == "8А"
    assert eleventh.category.code == "alumnus"
    assert eleventh.grade is None
    assert hasattr(eleventh, "mentor_profile")
    assert waiting.status == MenteeStatus.LEFT
    assert request.school_year == 2026
    assert request.is_open
    assert other_school_pupil.grade == 5
    placement = SchoolYearPlacement.objects.get(person=eleventh, school_year=2025)
    assert (placement.grade, placement.class_letter, placement.category.code) == (11, "Б", "pupil")
    assert seventh.history.first().history_user == world.curator

    again = services.rollover_apply(
        by=world.curator,
        organizations=world.school.__class__.objects.filter(pk=world.school.pk),
        from_year=2025,
        carry_over_requests=True,
    )
    seventh.refresh_from_db()
    assert seventh.grade == 8
    assert again.already_done == 1
    assert not again.promoted


def test_the_rollover_can_close_last_years_requests(world):
    request = MenteeRequestFactory(
        mentee=MenteeProfileFactory(person=PersonFactory(organization=world.school))
    )
    services.rollover_apply(
        by=world.curator,
        organizations=world.school.__class__.objects.filter(pk=world.school.pk),
        from_year=2025,
        carry_over_requests=False,
    )
    request.refresh_from_db()
    assert not request.is_open
    assert request.school_year == 2025


def test_a_curator_cannot_roll_over_another_school(world):
    with pytest.raises(PermissionDenied):
        services.rollover_apply(
            by=world.curator,
            organizations=world.school.__class__.objects.filter(pk=world.other_school.pk),
            from_year=2025,
            carry_over_requests=True,
        )


def test_the_access_log_cannot_be_changed_or_deleted(world):
    from mentoring.common.audit import log_personal_data_access
    from mentoring.common.models import AccessAction

    event = log_personal_data_access(
        user=world.curator,
        request=None,
        action=AccessAction.VIEW,
        object_type="person",
        organization=world.school,
    )
    event.details = "подделка"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        PersonalDataAccess.objects.all().update(details="подделка")
    with pytest.raises(PermissionError):
        PersonalDataAccess.objects.all().delete()
    assert PersonalDataAccess.objects.get().details == ""


def test_catalogue_levels_belong_to_their_keepers(world):
    municipal = services.support_area_create(
        by=world.department_admin, municipality_id=world.municipality.pk, name="Шахматы", audience="pupils"
    )
    own = services.support_area_create(by=world.curator, organization=world.school, name="Школьный театр")
    with pytest.raises(PermissionDenied):
        services.support_area_create(by=world.curator, municipality_id=world.municipality.pk, name="Хор")
    with pytest.raises(PermissionDenied):
        services.support_area_set_active(by=world.curator, area=municipal, active=False)
    with pytest.raises(PermissionDenied):
        services.support_area_set_active(by=world.other_curator, area=own, active=False)
    default = SupportArea.objects.get(
        name="Профориентация", organization__isnull=True, municipality__isnull=True
    )
    with pytest.raises(PermissionDenied):
        services.support_area_set_active(by=world.department_admin, area=default, active=False)
    with pytest.raises(ValidationError):
        services.support_area_create(by=world.curator, organization=world.school, name="Школьный театр")
    assert services.support_area_set_active(by=world.curator, area=own, active=False).is_active is False


def test_a_pupil_whose_class_is_already_this_years_is_not_promoted_again(world):
    pupil = services.person_create(by=world.curator, organization=world.school, **_pupil_fields())
    this_year = services.current_school_year()
    assert pupil.class_year == this_year
    plan = services.rollover_plan(
        organizations=world.school.__class__.objects.filter(pk=world.school.pk), from_year=this_year - 1
    )
    assert plan.promoted == []
    assert plan.already_done == 1


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2026, 7, 1), 2025),
        (datetime.date(2026, 11, 27), 2025),
        (datetime.date(2027, 3, 1), 2025),
    ],
)
def test_the_default_rollover_year_is_the_one_that_ended_last(day, year):
    assert services.default_rollover_year(day) == year


def test_a_mentor_serves_only_in_forms_that_take_the_category_as_mentors(world):
    from mentoring.programs.models import MentoringForm

    teacher = TeacherFactory(organization=world.school)
    pupil_pupil = MentoringForm.objects.get(code="pupil-pupil", municipality__isnull=True)
    teacher_teacher = MentoringForm.objects.get(code="teacher-teacher", municipality__isnull=True)
    with pytest.raises(ValidationError) as error:
        services.mentor_profile_save(by=world.curator, person=teacher, forms=[pupil_pupil])
    assert "не может быть наставником" in str(error.value)
    profile = services.mentor_profile_save(by=world.curator, person=teacher, forms=[teacher_teacher])
    assert list(profile.forms.all()) == [teacher_teacher]
    mentee = MenteeProfileFactory(
        person=TeacherFactory(organization=world.school, last_name="Молодых")
    ).person
    PersonFactory(organization=world.school, last_name="Ученикова")  # a pupil in no base
    found = person_list(visible_to=world.curator, filters=PeopleFilters(form_id=teacher_teacher.pk))
    assert {p.pk for p in found} == {teacher.pk, mentee.pk}

"""The outreach rows of the access matrix (mentoring/common/tests/test_access_matrix.py joins them).

Everything is made in world.municipality: letters of its department, the campaign and contact card of
world.school, a municipal training, a contest and an event, with a mentor of world.school whose user
account is world.mentor. The portal's pages are public: anybody, logged in or not, reads them.
"""

from __future__ import annotations

from typing import Any


def _sent_letter(world: Any) -> Any:
    from mentoring.outreach.tests.factories import attach_to, sent_letter

    letter = sent_letter(by=world.department_admin, to=[world.school])
    attach_to(letter)
    return letter


def _draft(world: Any) -> Any:
    from mentoring.outreach.tests.factories import InformationLetterFactory, attach_to

    letter = InformationLetterFactory(municipality=world.municipality, created_by=world.department_admin)
    attach_to(letter)
    return letter


def _school_mentor(world: Any) -> Any:
    from mentoring.outreach.tests.factories import mentor_in

    return mentor_in(world.school, user=world.mentor, publish=True)


def _training(world: Any) -> Any:
    from mentoring.outreach.tests.factories import TrainingFactory, mentor_in

    mentor_in(world.partner)
    return TrainingFactory(organization=world.department, created_by=world.department_admin)


def _enrolment(world: Any) -> Any:
    from mentoring.outreach.tests.factories import EnrolmentFactory, with_scan

    enrolment = EnrolmentFactory(
        training=_training(world), person=_school_mentor(world).person, enrolled_by=world.curator
    )
    return with_scan(enrolment, "certificate")


def _contest(world: Any) -> Any:
    from mentoring.outreach.tests.factories import ContestFactory

    return ContestFactory(municipality=world.municipality, created_by=world.department_admin)


def _entry(world: Any) -> Any:
    from mentoring.outreach.tests.factories import ContestEntryFactory, with_scan

    entry = ContestEntryFactory(
        contest=_contest(world),
        organization=world.school,
        person=_school_mentor(world).person,
        created_by=world.curator,
    )
    return with_scan(entry)


def _award(world: Any) -> Any:
    from mentoring.outreach.tests.factories import AwardFactory, with_scan

    award = AwardFactory(
        person=_school_mentor(world).person, organization=world.school, created_by=world.head
    )
    return with_scan(award)


def _campaign_entry(world: Any) -> Any:
    from mentoring.outreach.tests.factories import CampaignEntryFactory, with_photo

    return with_photo(CampaignEntryFactory(organization=world.school, created_by=world.curator))


def _portal(world: Any) -> Any:
    from mentoring.outreach.tests.factories import PortalSettingsFactory, with_logo

    return with_logo(PortalSettingsFactory(municipality=world.municipality))


def _code(world: Any) -> dict[str, Any]:
    _portal(world)
    return {"code": world.municipality.code}


def _portal_news(world: Any) -> dict[str, Any]:
    from mentoring.outreach.tests.factories import NewsItemFactory

    _portal(world)
    news = NewsItemFactory(municipality=world.municipality, created_by=world.department_admin)
    return {"code": world.municipality.code, "pk": news.pk}


def _portal_program(world: Any) -> dict[str, Any]:
    from mentoring.programs.tests.factories import ProgramFactory

    _portal(world)
    program = ProgramFactory(organization=world.school, is_shared=True, status="active")
    return {"code": world.municipality.code, "pk": program.pk}


def ROWS(*, Row: Any, sets: dict[str, frozenset[str]]) -> dict[str, Any]:
    def named(*names: str) -> frozenset[str]:
        return frozenset(names)

    everyone = sets["EVERYONE"]
    foreign = named("foreign_department_admin", "foreign_curator")
    department = named("superuser", "department_admin", "methodologist")
    departments = department | named("foreign_department_admin")
    school_staff = named("head", "curator")
    school_keepers = named("superuser", "department_admin") | school_staff
    staff_everywhere = named("head", "curator", "other_curator", "foreign_curator")
    municipality = everyone - foreign
    participants = named("mentor", "mentee")

    def pk(make: Any) -> Any:
        return lambda world: {"pk": make(world).pk}

    def department_only(kwargs: Any, method: str = "GET") -> Any:
        """A page of one of the department's own records: everybody else is told it does not exist."""
        return Row(kwargs=kwargs, method=method, ok=department, notfound=everyone - department)

    def mentor_record(
        kwargs: Any, method: str = "GET", managers: frozenset[str] = frozenset(), audit: bool = False
    ) -> Any:
        """A record that names the school's mentor (world.mentor): read by the department, the
        school's staff and the mentor; changed by `managers`."""
        visible = department | school_staff | named("mentor")
        return Row(
            kwargs=kwargs,
            method=method,
            ok=managers,
            forbidden=visible - managers,
            notfound=everyone - visible,
            audit=audit,
        )

    campaign_readers = departments | staff_everywhere
    campaign_keepers = campaign_readers
    return {
        "outreach:overview": Row(ok=everyone),
        # letters
        "outreach:letter_list": Row(ok=sets["DEPARTMENT"] | sets["STAFF"], forbidden=participants),
        "outreach:letter_create": Row(ok=departments, forbidden=everyone - departments),
        "outreach:letter_detail": Row(
            kwargs=pk(_sent_letter),
            ok=department | school_staff,
            forbidden=participants,
            notfound=everyone - department - school_staff - participants,
        ),
        "outreach:letter_edit": department_only(pk(_draft)),
        "outreach:letter_send": department_only(pk(_draft), "POST"),
        "outreach:letter_delete": department_only(pk(_draft), "POST"),
        "outreach:letter_mark_read": Row(
            kwargs=pk(_sent_letter),
            method="POST",
            ok=school_staff,
            forbidden=department,
            notfound=everyone - department - school_staff,
        ),
        "outreach:attachment_add": department_only(pk(_draft), "POST"),
        "outreach:attachment_download": Row(
            kwargs=lambda world: {"pk": _sent_letter(world).attachments.get().pk},
            ok=department | school_staff,
            notfound=everyone - department - school_staff,
        ),
        "outreach:attachment_delete": department_only(
            lambda world: {"pk": _draft(world).attachments.get().pk}, "POST"
        ),
        # information campaign
        "outreach:campaign": Row(ok=campaign_readers, forbidden=everyone - campaign_readers),
        "outreach:campaign_export": Row(ok=campaign_readers, forbidden=everyone - campaign_readers),
        "outreach:campaign_entry_create": Row(ok=campaign_keepers, forbidden=everyone - campaign_keepers),
        "outreach:campaign_entry_edit": Row(
            kwargs=pk(_campaign_entry),
            ok=school_keepers,
            forbidden=named("methodologist"),
            notfound=everyone - school_keepers - named("methodologist"),
        ),
        "outreach:campaign_entry_delete": Row(
            kwargs=pk(_campaign_entry),
            method="POST",
            ok=school_keepers,
            forbidden=named("methodologist"),
            notfound=everyone - school_keepers - named("methodologist"),
        ),
        "outreach:campaign_entry_photo": Row(
            kwargs=pk(_campaign_entry),
            ok=department | school_staff,
            notfound=everyone - department - school_staff,
        ),
        "outreach:resource_list": Row(ok=campaign_readers, forbidden=everyone - campaign_readers),
        "outreach:resource_create": Row(ok=campaign_keepers, forbidden=everyone - campaign_keepers),
        "outreach:resource_edit": Row(
            kwargs=lambda world: {"pk": _resource(world).pk},
            ok=school_keepers,
            forbidden=named("methodologist"),
            notfound=everyone - school_keepers - named("methodologist"),
        ),
        # the portal as the department keeps it
        "outreach:portal_settings": department_only(lambda world: {"pk": world.municipality.pk}),
        "outreach:news_list": Row(ok=departments, forbidden=everyone - departments),
        "outreach:news_create": Row(ok=departments, forbidden=everyone - departments),
        "outreach:news_edit": department_only(pk(_news)),
        "outreach:news_delete": department_only(pk(_news), "POST"),
        "outreach:my_contact": Row(ok=staff_everywhere, forbidden=everyone - staff_everywhere),
        "outreach:contact_remove": Row(
            kwargs=pk(_contact),
            method="POST",
            ok=department | named("curator"),
            notfound=everyone - department - named("curator"),
        ),
        # trainings
        "outreach:training_list": Row(ok=everyone),
        "outreach:training_create": Row(
            ok=departments | staff_everywhere, forbidden=everyone - departments - staff_everywhere
        ),
        "outreach:training_detail": Row(kwargs=pk(_training), ok=municipality, notfound=foreign),
        "outreach:training_edit": Row(
            kwargs=pk(_training), ok=department, forbidden=municipality - department, notfound=foreign
        ),
        "outreach:training_enrol": Row(
            kwargs=pk(_training),
            ok=municipality - participants,
            forbidden=participants,
            notfound=foreign,
        ),
        "outreach:enrolment_complete": mentor_record(pk(_enrolment), managers=department | school_staff),
        "outreach:enrolment_drop": mentor_record(pk(_enrolment), "POST", managers=department | school_staff),
        "outreach:enrolment_certificate": mentor_record(
            pk(_enrolment), managers=department | school_staff | named("mentor"), audit=True
        ),
        # contests
        "outreach:contest_list": Row(ok=everyone),
        "outreach:contest_create": Row(ok=departments, forbidden=everyone - departments),
        "outreach:contest_detail": Row(kwargs=pk(_contest), ok=municipality, notfound=foreign),
        "outreach:contest_edit": Row(
            kwargs=pk(_contest), ok=department, forbidden=municipality - department, notfound=foreign
        ),
        "outreach:entry_create": Row(
            kwargs=pk(_contest), ok=municipality - participants, forbidden=participants, notfound=foreign
        ),
        "outreach:entry_result": mentor_record(pk(_entry), managers=department | school_staff),
        "outreach:entry_delete": mentor_record(pk(_entry), "POST", managers=department | school_staff),
        "outreach:entry_file": mentor_record(
            pk(_entry), managers=department | school_staff | named("mentor"), audit=True
        ),
        # awards and events of recognition
        "outreach:award_list": Row(ok=everyone),
        "outreach:award_export": Row(ok=sets["DEPARTMENT"] | sets["STAFF"], forbidden=participants),
        "outreach:award_create": Row(
            ok=departments | staff_everywhere, forbidden=everyone - departments - staff_everywhere
        ),
        "outreach:award_delete": mentor_record(pk(_award), "POST", managers=school_keepers),
        "outreach:award_file": mentor_record(
            pk(_award), managers=department | school_staff | named("mentor"), audit=True
        ),
        "outreach:event_list": Row(ok=everyone),
        "outreach:event_create": Row(ok=departments, forbidden=everyone - departments),
        "outreach:event_edit": Row(
            kwargs=pk(_event), ok=department, forbidden=municipality - department, notfound=foreign
        ),
        # mentoring hours: the school's keepers and the department; a mentor's own certificate
        "outreach:hours": Row(
            kwargs=lambda world: {"pk": world.school.pk},
            ok=department | school_staff,
            notfound=everyone - department - school_staff,
        ),
        "outreach:hours_export": Row(
            audit=True,
            kwargs=lambda world: {"pk": world.school.pk},
            ok=department | school_staff,
            notfound=everyone - department - school_staff,
        ),
        "outreach:hours_certificate": Row(
            audit=True,
            kwargs=pk(_school_mentor),
            ok=department | school_staff | named("mentor"),
            notfound=everyone - department - school_staff - named("mentor"),
        ),
        # the public portal: on the reviewed list of public pages (tests/test_portal.py)
        "portal:index": Row(public=True, ok=everyone),
        "portal:home": Row(public=True, ok=everyone, kwargs=_code),
        "portal:news": Row(public=True, ok=everyone, kwargs=_code),
        "portal:news_detail": Row(public=True, ok=everyone, kwargs=_portal_news),
        "portal:programs": Row(public=True, ok=everyone, kwargs=_code),
        "portal:program": Row(public=True, ok=everyone, kwargs=_portal_program),
        "portal:mentors": Row(public=True, ok=everyone, kwargs=_code),
        "portal:contacts": Row(public=True, ok=everyone, kwargs=_code),
        "portal:logo": Row(public=True, ok=everyone, kwargs=_code),
    }


def _resource(world: Any) -> Any:
    from mentoring.outreach.tests.factories import InformationResourceFactory

    return InformationResourceFactory(organization=world.school)


def _news(world: Any) -> Any:
    from mentoring.outreach.tests.factories import NewsItemFactory

    return NewsItemFactory(municipality=world.municipality, created_by=world.department_admin)


def _contact(world: Any) -> Any:
    from mentoring.outreach.tests.factories import PortalContactFactory

    return PortalContactFactory(user=world.curator, organization=world.school)


def _event(world: Any) -> Any:
    from mentoring.outreach.tests.factories import RecognitionEventFactory

    return RecognitionEventFactory(municipality=world.municipality, created_by=world.department_admin)

"""Who sees which mentorship and what of it: mentors and mentees only their own, a partner's
representative the partner's mentors' pairs without children's data, concerns only the head and
curator (and whoever raised them), feedback never the other side."""

import pytest
from django.urls import reverse

from mentoring.accounts.models import Role
from mentoring.accounts.tests.factories import MembershipFactory, UserFactory
from mentoring.common.access import mentorship_rights, mentorships_visible_to
from mentoring.matching.models import MatchingSettings
from mentoring.mentorships import services
from mentoring.mentorships.models import MeetingKind
from mentoring.mentorships.tests.factories import (
    days_ago,
    hold,
    make_mentee,
    make_mentor,
    make_pair,
    make_program,
)
from mentoring.organizations.models import OrganizationKind, PartnerKind
from mentoring.organizations.tests.factories import OrganizationFactory
from mentoring.people.models import MenteeSubtype, PersonCategory
from mentoring.programs.tests.factories import default_form


@pytest.fixture
def pairs(world):
    """The personas' own pair and another pair of the same school."""
    own = make_pair(
        world.school,
        by=world.curator,
        mentor=make_mentor(world.school, user=world.mentor, last_name="Егорова"),
        mentees=[make_mentee(world.school, user=world.mentee, last_name="Киселёв")],
    )
    other = make_pair(
        world.school,
        by=world.curator,
        mentor=make_mentor(world.school, last_name="Чужакова"),
        mentees=[make_mentee(world.school, last_name="Посторонний")],
    )
    return own, other


@pytest.mark.parametrize("persona", ["mentor", "mentee"])
def test_mentors_and_mentees_see_only_their_own_mentorships(persona, pairs, world, client_for):
    own, other = pairs
    user = world.persona(persona)
    assert list(mentorships_visible_to(user)) == [own]
    client = client_for(user)
    listing = client.get(reverse("mentorships:list")).content.decode()
    assert "Егорова" in listing
    assert "Чужакова" not in listing
    assert client.get(reverse("mentorships:detail", kwargs={"pk": own.pk})).status_code == 200
    assert client.get(reverse("mentorships:detail", kwargs={"pk": other.pk})).status_code == 404


def test_a_replaced_mentor_no_longer_sees_the_pair(pairs, world):
    own, _ = pairs
    services.mentorship_replace_mentor(
        mentorship=own,
        new_mentor=make_mentor(world.school),
        by=world.curator,
        requested_by="mentee",
        reason="Не сложилось",
    )
    assert not mentorships_visible_to(world.mentor).exists()
    assert mentorships_visible_to(world.mentee).get() == own


def test_the_school_and_the_department_see_every_pair_of_the_school_and_others_none(pairs, world):
    for user in (world.curator, world.head, world.department_admin, world.methodologist):
        assert mentorships_visible_to(user).count() == 2
    for user in (world.other_curator, world.foreign_curator, world.foreign_department_admin):
        assert not mentorships_visible_to(user).exists()


def test_a_concern_is_invisible_to_the_other_side_and_to_the_department(pairs, world, client_for):
    own, _ = pairs
    concern = services.concern_raise(
        by=world.mentee, mentorship=own, kind="safety", text="Наставник повышает голос на встречах."
    )
    url = reverse("mentorships:detail", kwargs={"pk": own.pk})
    for user in (world.mentor, world.department_admin, world.methodologist):
        page = client_for(user).get(url).content.decode()
        assert "повышает голос" not in page, user
        assert not mentorship_rights(user, own).reads_concerns
    for user in (world.curator, world.head, world.mentee):
        assert "повышает голос" in client_for(user).get(url).content.decode(), user
    # Only the head and the curator may resolve it; the others get «not found».
    resolve = reverse("mentorships:concern_resolve", kwargs={"pk": concern.pk})
    assert client_for(world.mentor).post(resolve, {"resolution": "нет"}).status_code == 404
    assert client_for(world.department_admin).post(resolve, {"resolution": "нет"}).status_code == 404
    assert client_for(world.mentee).post(resolve, {"resolution": "сам"}).status_code == 403
    concern.refresh_from_db()
    assert not concern.is_resolved


def test_an_open_concern_stays_on_the_overview_until_resolved(pairs, world, client_for):
    own, _ = pairs
    concern = services.concern_raise(by=world.mentor, mentorship=own, kind="conflict", text="Ссора в группе.")
    overview = reverse("mentorships:overview")
    assert "открытых сигналов" in client_for(world.curator).get(overview).content.decode()
    assert "открытых сигналов" not in client_for(world.department_admin).get(overview).content.decode()
    client_for(world.curator).post(
        reverse("mentorships:concern_resolve", kwargs={"pk": concern.pk}), {"resolution": "Помирились."}
    )
    concern.refresh_from_db()
    assert concern.is_resolved
    assert concern.resolved_by == world.curator


def test_feedback_of_one_side_is_not_shown_to_the_other(pairs, world, client_for):
    own, _ = pairs
    meeting = hold(own, MeetingKind.INTRO, by=world.mentor, when=days_ago(2))
    mentee_person = own.participants.get().mentee.person
    services.feedback_give(
        by=world.mentee,
        meeting=meeting,
        author=mentee_person,
        usefulness=3,
        comfort=2,
        clarity=4,
        comment="Скучно и непонятно",
    )
    url = reverse("mentorships:detail", kwargs={"pk": own.pk})
    assert "Скучно и непонятно" not in client_for(world.mentor).get(url).content.decode()
    assert "Скучно и непонятно" in client_for(world.curator).get(url).content.decode()
    assert "Ваша оценка: польза 3" in client_for(world.mentee).get(url).content.decode()


def test_a_partner_representative_reads_the_partners_mentors_pairs_without_childrens_names(world, client_for):
    employer_pupil = default_form("employer-pupil")
    program = make_program(world.school, form=employer_pupil)
    MatchingSettings.objects.create(program=program).mentor_organizations.add(world.partner)
    employee = make_mentor(world.partner, last_name="Лебедев", grade=None, class_letter="")
    employee.person.category = PersonCategory.objects.get(code=PersonCategory.PARTNER_EMPLOYEE)
    employee.person.save()
    employee.forms.set([employer_pupil])
    pupil = make_mentee(world.school, last_name="Дроздова", grade=9)
    pupil.subtype = MenteeSubtype.objects.get(name="Пассивный")
    pupil.save()
    pair = make_pair(world.school, by=world.curator, program=program, mentor=employee, mentees=[pupil])
    hold(pair, MeetingKind.INTRO, by=world.curator, when=days_ago(2))

    rights = mentorship_rights(world.partner_representative, pair)
    assert not rights.reads_people
    assert not rights.manage
    client = client_for(world.partner_representative)
    page = client.get(reverse("mentorships:detail", kwargs={"pk": pair.pk})).content.decode()
    assert "Лебедев" in page
    assert "Дроздова" not in page
    assert "Наставляемых: 1" in page
    listing = client.get(reverse("mentorships:list"), {"q": "Дроздова"}).content.decode()
    assert "Найдено: 0" in listing  # no probing for a child's name through the search
    assert client.get(reverse("mentorships:meeting_add", kwargs={"pk": pair.pk})).status_code == 403
    # Another partner's representative sees nothing.
    stranger = UserFactory()
    other_partner = OrganizationFactory(
        municipality=world.municipality,
        kind=OrganizationKind.PARTNER,
        partner_kind=PartnerKind.ENTERPRISE,
        short_name="ООО «Другое»",
        code="sech-partner-2",
    )
    MembershipFactory(user=stranger, organization=other_partner, role=Role.PARTNER_REPRESENTATIVE)
    assert client_for(stranger).get(reverse("mentorships:detail", kwargs={"pk": pair.pk})).status_code == 404

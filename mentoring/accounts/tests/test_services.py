"""The rules of every write to users and their roles, checked on the services themselves."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlsafe_base64_decode

from mentoring.accounts import services
from mentoring.accounts.models import Membership, Role, User
from mentoring.accounts.tests.factories import TEST_PASSWORD

SETUP_LINK = re.compile(r"https?://[^/\s]+/password/reset/(?P<uidb64>[\w-]+)/(?P<token>[\w-]+)/")


def _create(world, *, by, organization=None, role=Role.MENTOR, **overrides):
    data = {
        "username": "novikova",
        "password": TEST_PASSWORD,
        "last_name": "Новикова",
        "first_name": "Анна",
        "email": "novikova@example.ru",
        **overrides,
    }
    return services.user_create(by=by, organization=organization or world.school, role=role, **data)


def _counts():
    return User.objects.count(), Membership.objects.count()


# --- creating users ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("organization", "role"),
    [
        ("department", Role.DEPARTMENT_ADMIN),
        ("department", Role.METHODOLOGIST),
        ("school", Role.HEAD),
        ("school", Role.CURATOR),
        ("school", Role.MENTOR),
        ("other_school", Role.MENTEE),
        ("partner", Role.MENTOR),
        ("partner", Role.PARTNER_REPRESENTATIVE),
    ],
)
def test_department_admin_creates_a_user_with_any_role_valid_in_an_organization_of_the_municipality(
    organization, role, world
):
    target = getattr(world, organization)
    user = _create(world, by=world.department_admin, organization=target, role=role)
    membership = user.memberships.get()
    assert (membership.organization, membership.role, membership.is_active) == (target, role, True)
    assert membership.started_on == timezone.localdate()
    assert user.check_password(TEST_PASSWORD)
    assert user.get_full_name() == "Новикова Анна"


def test_department_admin_cannot_create_users_in_another_municipality(world):
    before = _counts()
    with pytest.raises(PermissionDenied, match="МБОУ Лукояновская СШ"):
        _create(world, by=world.department_admin, organization=world.foreign_school)
    assert _counts() == before


@pytest.mark.parametrize("role", [Role.CURATOR, Role.MENTOR, Role.MENTEE])
def test_head_creates_curators_mentors_and_mentees_in_own_school(role, world):
    user = _create(world, by=world.head, role=role)
    assert list(user.memberships.values_list("organization", "role")) == [(world.school.pk, role)]


@pytest.mark.parametrize(
    ("organization", "role"),
    [
        ("department", Role.DEPARTMENT_ADMIN),
        ("department", Role.METHODOLOGIST),
        ("school", Role.HEAD),
        ("other_school", Role.MENTEE),
        ("foreign_school", Role.MENTOR),
        ("partner", Role.MENTOR),
    ],
)
def test_head_cannot_give_department_roles_the_head_role_or_roles_elsewhere(organization, role, world):
    before = _counts()
    with pytest.raises(PermissionDenied, match="Вы не можете назначить роль"):
        _create(world, by=world.head, organization=getattr(world, organization), role=role)
    assert _counts() == before


@pytest.mark.parametrize("persona", ["methodologist", "curator", "mentor", "partner_representative"])
def test_only_department_admins_and_heads_create_users(persona, world):
    with pytest.raises(PermissionDenied):
        _create(world, by=getattr(world, persona), role=Role.MENTEE)
    assert not User.objects.filter(username="novikova").exists()


@pytest.mark.parametrize(
    ("organization", "role"),
    [
        ("partner", Role.MENTEE),
        ("partner", Role.HEAD),
        ("school", Role.PARTNER_REPRESENTATIVE),
        ("school", Role.DEPARTMENT_ADMIN),
        ("department", Role.MENTOR),
    ],
)
def test_a_role_that_makes_no_sense_in_the_kind_of_organization_is_refused(organization, role, world):
    before = _counts()
    with pytest.raises(PermissionDenied):
        _create(world, by=world.department_admin, organization=getattr(world, organization), role=role)
    assert _counts() == before


def test_an_unknown_role_is_a_validation_error(world):
    with pytest.raises(ValidationError) as error:
        _create(world, by=world.department_admin, role="castle_keeper")
    assert error.value.message_dict == {"role": ["Неизвестная роль."]}
    assert not User.objects.filter(username="novikova").exists()


def test_no_role_can_be_given_in_an_archived_organization(world):
    world.school.is_archived = True
    world.school.archived_at = timezone.now()
    world.school.save()
    with pytest.raises(PermissionDenied):
        _create(world, by=world.department_admin, role=Role.MENTOR)


def test_invalid_profile_data_saves_neither_the_user_nor_the_role(world):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _create(world, by=world.department_admin, last_name="<b>Новикова</b>", phone="звоните")
    assert set(error.value.message_dict) == {"last_name", "phone"}
    assert _counts() == before


def test_a_taken_username_is_refused_by_the_service_too(world):
    before = _counts()
    with pytest.raises(ValidationError) as error:
        _create(world, by=world.department_admin, username="head1")
    assert "username" in error.value.message_dict
    assert _counts() == before


def test_a_user_created_without_password_gets_one_email_with_a_password_setup_link(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = _create(world, by=world.department_admin, password=None)
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["novikova@example.ru"]
    assert message.subject == "Вход в систему «Наставничество»"
    assert "Ваш логин: novikova" in message.body
    link = SETUP_LINK.search(message.body)
    assert link is not None, message.body
    assert urlsafe_base64_decode(link["uidb64"]).decode() == str(user.pk)


def test_the_setup_link_never_goes_to_another_account_that_shares_the_email(
    world, django_capture_on_commit_callbacks
):
    # A parent's e-mail is often given for several children: the link must be about the new account.
    with django_capture_on_commit_callbacks(execute=True):
        _create(world, by=world.department_admin, password=None, email=world.mentee.email)
    assert not [message for message in mail.outbox if "mentee1" in message.body]


def test_the_setup_email_waits_for_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _create(world, by=world.department_admin, password=None)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_a_user_created_with_a_password_gets_no_email(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        user = _create(world, by=world.department_admin)
    assert user.has_usable_password()
    assert mail.outbox == []


def test_without_password_and_without_email_nothing_is_saved(world, django_capture_on_commit_callbacks):
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        _create(world, by=world.department_admin, password=None, email="")
    assert "password" in error.value.message_dict
    assert "e-mail" in error.value.message_dict["password"][0]
    assert _counts() == before
    assert mail.outbox == []


def test_a_blocked_user_gets_no_setup_link(world):
    services.user_set_active(by=world.head, user=world.mentee, active=False)
    with pytest.raises(ValidationError, match="заблокирован"):
        services.send_password_setup_link(user=world.mentee, request=None)
    assert mail.outbox == []


def test_the_setup_link_cannot_be_sent_to_a_user_without_email(world):
    world.mentee.email = ""
    world.mentee.save()
    with pytest.raises(ValidationError, match="нет e-mail"):
        services.send_password_setup_link(user=world.mentee, request=None)
    assert mail.outbox == []


# --- changing users ----------------------------------------------------------------------------------


def test_department_admin_corrects_a_name_and_a_head_the_contacts_of_own_mentee(world):
    services.user_update(by=world.department_admin, user=world.mentee, last_name="Киселёва")
    services.user_update(by=world.head, user=world.mentee, phone="+7 (831) 934-10-10")
    world.mentee.refresh_from_db()
    assert (world.mentee.last_name, world.mentee.phone) == ("Киселёва", "+7 (831) 934-10-10")


@pytest.mark.parametrize(
    ("actor", "target"),
    [
        ("head", "other_mentee"),
        ("head", "department_admin"),
        ("curator", "mentee"),
        ("foreign_department_admin", "mentee"),
    ],
)
def test_nobody_changes_people_they_do_not_manage(actor, target, world):
    person = getattr(world, target)
    with pytest.raises(PermissionDenied):
        services.user_update(by=getattr(world, actor), user=person, phone="+7 (831) 000-00-00")
    person.refresh_from_db()
    assert person.phone == ""


def test_an_invalid_change_is_not_saved(world):
    with pytest.raises(ValidationError):
        services.user_update(by=world.department_admin, user=world.mentee, phone="не скажу")
    world.mentee.refresh_from_db()
    assert world.mentee.phone == ""


# --- roles -------------------------------------------------------------------------------------------


def test_head_gives_an_existing_mentee_a_second_role_in_the_own_school(world):
    membership = services.membership_add(
        by=world.head, user=world.mentee, organization=world.school, role=Role.MENTOR
    )
    assert set(world.mentee.memberships.filter(is_active=True).values_list("role", flat=True)) == {
        Role.MENTEE,
        Role.MENTOR,
    }
    assert membership.started_on == timezone.localdate()


def test_membership_add_refuses_a_role_the_user_already_holds(world):
    before = Membership.objects.count()
    with pytest.raises(ValidationError) as error:
        services.membership_add(by=world.head, user=world.mentee, organization=world.school, role=Role.MENTEE)
    assert error.value.message_dict == {"role": ["У пользователя уже есть эта роль в этой организации."]}
    assert Membership.objects.count() == before


def test_an_ended_role_can_be_given_again(world):
    old = world.mentee.memberships.get()
    services.membership_end(by=world.head, membership=old)
    again = services.membership_add(
        by=world.head, user=world.mentee, organization=world.school, role=Role.MENTEE
    )
    assert again.pk != old.pk
    assert world.mentee.memberships.filter(is_active=True).get() == again


def test_membership_add_keeps_the_start_date_given(world):
    membership = services.membership_add(
        by=world.department_admin,
        user=world.mentee,
        organization=world.other_school,
        role=Role.MENTEE,
        started_on=datetime.date(2024, 9, 1),
    )
    membership.refresh_from_db()
    assert membership.started_on == datetime.date(2024, 9, 1)


def test_head_cannot_give_a_role_in_another_school(world):
    with pytest.raises(PermissionDenied):
        services.membership_add(
            by=world.head, user=world.mentee, organization=world.other_school, role=Role.MENTOR
        )
    assert world.mentee.memberships.count() == 1


def test_head_cannot_give_a_role_to_somebody_they_do_not_manage(world):
    with pytest.raises(PermissionDenied):
        services.membership_add(
            by=world.head, user=world.foreign_curator, organization=world.school, role=Role.MENTOR
        )
    assert not world.foreign_curator.memberships.filter(organization=world.school).exists()


def test_membership_end_closes_the_role_today(world):
    membership = world.mentee.memberships.get()
    services.membership_end(by=world.head, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active is False
    assert membership.ended_on == timezone.localdate()


def test_ending_an_ended_role_again_keeps_its_end_date(world):
    membership = world.mentee.memberships.get()
    membership.is_active = False
    membership.ended_on = datetime.date(2023, 5, 31)
    membership.save()
    services.membership_end(by=world.head, membership=membership)
    membership.refresh_from_db()
    assert membership.ended_on == datetime.date(2023, 5, 31)


def test_department_admin_cannot_end_own_department_admin_role(world):
    membership = world.department_admin.memberships.get()
    with pytest.raises(ValidationError, match="Нельзя снять с себя роль администратора"):
        services.membership_end(by=world.department_admin, membership=membership)
    membership.refresh_from_db()
    assert membership.is_active is True
    assert membership.ended_on is None


def test_department_admin_ends_the_role_of_another_department_admin(world):
    colleague_role = Membership.objects.create(
        user=world.methodologist,
        organization=world.department,
        role=Role.DEPARTMENT_ADMIN,
        started_on=datetime.date(2022, 1, 10),
    )
    services.membership_end(by=world.department_admin, membership=colleague_role)
    colleague_role.refresh_from_db()
    assert colleague_role.is_active is False


def test_head_cannot_end_the_head_role_or_roles_in_another_school(world):
    own_role = world.head.memberships.get()
    other_school_role = world.other_mentee.memberships.get()
    for membership in (own_role, other_school_role):
        with pytest.raises(PermissionDenied):
            services.membership_end(by=world.head, membership=membership)
        membership.refresh_from_db()
        assert membership.is_active is True


# --- blocking ----------------------------------------------------------------------------------------


def test_a_blocked_user_cannot_log_in_until_unblocked(world, client):
    credentials = {"username": "mentee1", "password": TEST_PASSWORD}
    services.user_set_active(by=world.head, user=world.mentee, active=False)
    refused = client.post(reverse("login"), credentials)
    assert refused.status_code == 200
    assert "Неверный логин или пароль" in refused.content.decode()
    services.user_set_active(by=world.head, user=world.mentee, active=True)
    assert client.post(reverse("login"), credentials)["Location"] == "/"


def test_a_user_cannot_block_themselves(world):
    with pytest.raises(ValidationError, match="собственную учётную запись"):
        services.user_set_active(by=world.department_admin, user=world.department_admin, active=False)
    world.department_admin.refresh_from_db()
    assert world.department_admin.is_active is True


def test_a_head_cannot_block_a_member_of_another_school(world):
    with pytest.raises(PermissionDenied):
        services.user_set_active(by=world.head, user=world.other_mentee, active=False)
    world.other_mentee.refresh_from_db()
    assert world.other_mentee.is_active is True


# --- history -----------------------------------------------------------------------------------------


def test_every_change_of_a_user_is_kept_in_the_history(world):
    services.user_update(by=world.department_admin, user=world.mentee, phone="+7 (831) 934-10-10")
    services.user_set_active(by=world.department_admin, user=world.mentee, active=False)
    records = list(world.mentee.history.order_by("-history_date", "-history_id"))
    blocked, phone_changed, before = records[:3]
    assert (before.phone, before.is_active) == ("", True)
    assert (phone_changed.phone, phone_changed.is_active) == ("+7 (831) 934-10-10", True)
    assert (blocked.phone, blocked.is_active) == ("+7 (831) 934-10-10", False)
    assert blocked.history_type == phone_changed.history_type == "~"


def test_the_password_hash_is_never_stored_in_the_history(world):
    historical = User.history.model
    assert "password" not in {field.name for field in historical._meta.get_fields()}
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(cursor, historical._meta.db_table)
        }
    assert "username" in columns
    assert "password" not in columns
    assert "last_login" not in columns

"""Pages of the communities of mentors (roadmap 4.5): the list, a community with its members, events
and shared materials."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    can_share_in_community,
    community_owners_for,
    get_community_event_for_user,
    get_community_for_user,
    get_community_material_for_user,
    get_community_member_for_user,
    library_materials_for_community,
    people_joinable_to_community,
    reads_community_members,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.mentorships import selectors, services
from mentoring.mentorships.forms import (
    CommunityCreateForm,
    CommunityEditForm,
    CommunityEventForm,
    CommunityMaterialForm,
    CommunityMemberForm,
)
from mentoring.mentorships.models import Community
from mentoring.organizations.models import Organization


def _owner_choices(request: AuthenticatedHttpRequest) -> list[tuple[str, str]]:
    municipalities, organizations = community_owners_for(request.user)
    return [(f"m{m.pk}", f"Муниципальное: {m.name}") for m in municipalities.order_by("name")] + [
        (f"o{o.pk}", f"Организации: {o.short_name}") for o in organizations.order_by("short_name")
    ]


@require_GET
def community_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "mentorships/community_list.html",
        {
            "page": paginate(request, selectors.community_list(visible_to=request.user), per_page=30),
            "can_create": bool(_owner_choices(request)),
        },
    )


@require_http_methods(["GET", "POST"])
def community_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    owners = _owner_choices(request)
    if not owners:
        raise PermissionDenied(
            "Сообщества создают управление образования (муниципальные) и кураторы организаций."
        )
    form = CommunityCreateForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        owner = form.cleaned_data["owner"]
        organization = Organization.objects.get(pk=int(owner[1:])) if owner.startswith("o") else None
        try:
            community = services.community_create(
                by=request.user,
                municipality_id=int(owner[1:]) if owner.startswith("m") else 0,
                organization=organization,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Сообщество «{community.title}» создано.")
            return redirect("mentorships:community_detail", pk=community.pk)
    return render(request, "mentorships/community_form.html", {"form": form, "community": None})


@require_GET
def community_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    community, can_keep = get_community_for_user(request.user, pk)
    members = selectors.community_members(community)
    reads_members = reads_community_members(request.user, community)
    now = timezone.now()
    events = list(community.events.order_by("-starts_at"))
    return render(
        request,
        "mentorships/community_detail.html",
        {
            "community": community,
            "can_keep": can_keep,
            "can_share": can_share_in_community(request.user, community),
            "members": members if reads_members else [],
            "member_count": len(members),
            "upcoming": [e for e in events if e.starts_at >= now][::-1],
            "past": [e for e in events if e.starts_at < now][:20],
            "materials": list(community.materials.select_related("library_material", "added_by")),
            "member_form": CommunityMemberForm(
                people=people_joinable_to_community(community)
                .select_related("organization")
                .exclude(community_memberships__community=community)
                .order_by("last_name", "first_name")
            )
            if can_keep
            else None,
            "user_id": request.user.pk,
        },
    )


def _keeper(request: AuthenticatedHttpRequest, pk: int) -> Community:
    community, can_keep = get_community_for_user(request.user, pk)
    if not can_keep:
        raise PermissionDenied("Сообщество ведут управление образования или куратор организации.")
    return community


@require_http_methods(["GET", "POST"])
def community_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    community = _keeper(request, pk)
    form = CommunityEditForm(
        request.POST or None,
        initial={
            "title": community.title,
            "description": community.description,
            "is_active": community.is_active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(by=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("mentorships:community_detail", pk=community.pk)
    return render(request, "mentorships/community_form.html", {"form": form, "community": community})


@require_POST
def community_member_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    community = _keeper(request, pk)
    form = CommunityMemberForm(request.POST, people=people_joinable_to_community(community))
    if not form.is_valid():
        messages.error(request, "Выберите наставника из списка.")
    else:
        try:
            services.community_member_add(by=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{form.cleaned_data['person']} в сообществе.")
    return redirect("mentorships:community_detail", pk=community.pk)


@require_POST
def community_member_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    member, can_keep = get_community_member_for_user(request.user, pk)
    if not can_keep:
        raise PermissionDenied("Состав сообщества меняют его ведущие.")
    services.community_member_remove(by=request.user, member=member)
    messages.success(request, f"{member.person} больше не в сообществе.")
    return redirect("mentorships:community_detail", pk=member.community_id)


def _sharer(request: AuthenticatedHttpRequest, pk: int) -> Community:
    community, _ = get_community_for_user(request.user, pk)
    if not can_share_in_community(request.user, community):
        raise PermissionDenied("Мероприятия и материалы добавляют ведущие и участники сообщества.")
    return community


@require_http_methods(["GET", "POST"])
def community_event_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    community = _sharer(request, pk)
    form = CommunityEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_event_add(by=request.user, community=community, **form.event_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Мероприятие добавлено.")
            return redirect("mentorships:community_detail", pk=community.pk)
    return render(
        request,
        "mentorships/community_form.html",
        {"form": form, "community": community, "title": "Новое мероприятие сообщества"},
    )


@require_POST
def community_event_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event, can_delete = get_community_event_for_user(request.user, pk)
    if not can_delete:
        raise PermissionDenied("Удалить мероприятие может ведущий сообщества или тот, кто его добавил.")
    services.community_event_delete(by=request.user, event=event)
    messages.success(request, "Мероприятие удалено.")
    return redirect("mentorships:community_detail", pk=event.community_id)


@require_http_methods(["GET", "POST"])
def community_material_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    community = _sharer(request, pk)
    form = CommunityMaterialForm(
        request.POST or None,
        materials=library_materials_for_community(request.user, community).order_by("title"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.community_material_add(by=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Материал добавлен.")
            return redirect("mentorships:community_detail", pk=community.pk)
    return render(
        request,
        "mentorships/community_form.html",
        {"form": form, "community": community, "title": "Поделиться материалом"},
    )


@require_POST
def community_material_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    material, can_delete = get_community_material_for_user(request.user, pk)
    if not can_delete:
        raise PermissionDenied("Удалить материал может ведущий сообщества или тот, кто им поделился.")
    services.community_material_delete(by=request.user, material=material)
    messages.success(request, "Материал удалён.")
    return redirect("mentorships:community_detail", pk=material.community_id)

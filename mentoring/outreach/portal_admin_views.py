"""Pages where the portal is kept: the department's branding, texts and news, and the contact cards
curators and heads publish themselves."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mentoring.common.access import (
    contact_organizations_of,
    get_news_for_user,
    get_portal_contact_for_user,
    get_portal_municipality_for_user,
    news_visible_to,
    portal_contacts_visible_to,
    portal_municipalities_kept_by,
)
from mentoring.common.forms import add_service_errors
from mentoring.common.history import history_of
from mentoring.common.pagination import paginate
from mentoring.common.types import AuthenticatedHttpRequest
from mentoring.organizations.models import Municipality
from mentoring.outreach import services
from mentoring.outreach.forms import NewsForm, PortalContactForm, PortalSettingsForm
from mentoring.outreach.models import NewsItem, PortalSettings
from mentoring.outreach.selectors import portal_contacts

ONLY_DEPARTMENT = "Портал муниципалитета ведёт управление образования."


def _default_intro(municipality: Municipality) -> dict[str, str]:
    return {
        "title": f"Наставничество: {municipality.name}",
        "intro": "Целевая модель наставничества обучающихся (распоряжение Минпросвещения России от 25.12.2019 "
        "№ Р-145) помогает каждому ученику и молодому педагогу найти наставника: старшеклассника, опытного "
        "учителя, студента или специалиста предприятия.\n\nВ школах и организациях дополнительного образования "
        "работают наставнические пары и группы в формах «ученик – ученик», «учитель – учитель», "
        "«студент – ученик» и «работодатель – ученик».",
    }


@require_http_methods(["GET", "POST"])
def portal_settings(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    municipality = get_portal_municipality_for_user(request.user, pk)
    portal = PortalSettings.objects.filter(municipality=municipality).first()
    form = PortalSettingsForm(
        request.POST or None,
        request.FILES or None,
        instance=portal,
        initial=None if portal else _default_intro(municipality),
    )
    if request.method == "POST" and form.is_valid():
        try:
            portal = services.portal_settings_save(
                by=request.user, municipality=municipality, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Портал сохранён." + ("" if portal.is_published else " Он пока закрыт для посетителей."),
            )
            return redirect("outreach:portal_settings", pk=municipality.pk)
        portal = PortalSettings.objects.filter(municipality=municipality).first()
    return render(
        request,
        "outreach/portal_settings.html",
        {
            "form": form,
            "municipality": municipality,
            "portal": portal,
            "contacts": list(portal_contacts(municipality.pk)),
            "history": history_of(portal, hidden=("logo", "file_size", "file_kind")) if portal else [],
        },
    )


@require_GET
def news_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = list(portal_municipalities_kept_by(request.user).order_by("name"))
    if not municipalities:
        raise PermissionDenied(ONLY_DEPARTMENT)
    news = news_visible_to(request.user).select_related("municipality").order_by("-published_on", "-id")
    return render(
        request,
        "outreach/news_list.html",
        {"page": paginate(request, news, per_page=50), "municipalities": municipalities},
    )


@require_http_methods(["GET", "POST"])
def news_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    municipalities = portal_municipalities_kept_by(request.user)
    if not municipalities.exists():
        raise PermissionDenied(ONLY_DEPARTMENT)
    form = NewsForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("municipality", None)
        try:
            news = services.news_create(by=request.user, municipality=form.chosen_municipality(), **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"«{news.title}» сохранено.")
            return redirect("outreach:news_list")
    return render(request, "outreach/news_form.html", {"form": form, "news": None})


def _news(request: AuthenticatedHttpRequest, pk: int) -> NewsItem:
    news, _ = get_news_for_user(request.user, pk)
    return news


@require_http_methods(["GET", "POST"])
def news_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    news = _news(request, pk)
    form = NewsForm(request.POST or None, instance=news)
    if request.method == "POST" and form.is_valid():
        try:
            services.news_update(by=request.user, news=news, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            news.refresh_from_db()
        else:
            messages.success(request, "Изменения сохранены.")
            return redirect("outreach:news_list")
    return render(
        request, "outreach/news_form.html", {"form": form, "news": news, "history": history_of(news)}
    )


@require_POST
def news_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    news = _news(request, pk)
    title = news.title
    services.news_delete(by=request.user, news=news)
    messages.success(request, f"«{title}» удалено с портала.")
    return redirect("outreach:news_list")


@require_http_methods(["GET", "POST"])
def my_contact(request: AuthenticatedHttpRequest) -> HttpResponse:
    organizations = contact_organizations_of(request.user)
    if not organizations.exists():
        raise PermissionDenied("Свои контакты на портале публикуют кураторы и руководители ОО и ДО.")
    mine = list(
        portal_contacts_visible_to(request.user).filter(user=request.user).select_related("organization")
    )
    form = PortalContactForm(
        request.POST or None,
        organizations=organizations,
        initial={"email": request.user.email, "phone": request.user.phone},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.portal_contact_publish(
                by=request.user,
                organization=data["organization"],
                position=data["position"],
                phone=data["phone"],
                email=data["email"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Ваши контакты опубликованы на портале.")
            return redirect("outreach:my_contact")
    return render(request, "outreach/my_contact.html", {"form": form, "mine": mine})


@require_POST
def contact_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact, _ = get_portal_contact_for_user(request.user, pk)
    mine = contact.user_id == request.user.pk
    services.portal_contact_remove(by=request.user, contact=contact)
    messages.success(
        request, "Контакт снят с портала." + (" Согласие на публикацию отозвано." if mine else "")
    )
    if mine:
        return redirect("outreach:my_contact")
    return redirect("outreach:portal_settings", pk=contact.organization.municipality_id)

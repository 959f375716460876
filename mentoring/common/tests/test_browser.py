"""Browser tests: a real Chromium (Debian's, no browser download) drives the live server through Playwright.

They check what only a browser sees: the login form, the organization form and its redirect, the
Russian 404 page, and that every page loads its scripts, styles and images from our own server only.

Without Chromium the tests are skipped on a developer's machine; under CI=true a missing Chromium is
a failure, so that CI never passes by silently skipping them. Screenshots for people go to
test-artifacts/ at the repository root.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connections
from playwright.sync_api import ConsoleMessage, Page, expect, sync_playwright

from mentoring.accounts.tests.factories import TEST_PASSWORD
from mentoring.common.tests.personas import build_world
from mentoring.organizations.models import Organization, OrganizationKind

DEBIAN_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SKIP_MESSAGE = "Chromium не найден: браузерные тесты пропущены; установите пакет chromium или задайте CI=true"


def _find_chromium() -> str | None:
    if os.path.isfile(DEBIAN_CHROMIUM) and os.access(DEBIAN_CHROMIUM, os.X_OK):
        return DEBIAN_CHROMIUM
    return shutil.which("chromium")


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


pytestmark = [
    pytest.mark.browser,
    # Decided at collection, before any database is created. Under CI=true the tests always run
    # and the `chromium` fixture fails loudly when the browser is missing.
    pytest.mark.skipif(_find_chromium() is None and not _in_ci(), reason=SKIP_MESSAGE),
]


@pytest.fixture(scope="session")
def chromium() -> str:
    path = _find_chromium()
    if path is None:
        pytest.fail(
            "CI=true, а Chromium не найден (ни /usr/bin/chromium, ни chromium в PATH): "
            "браузерные тесты в CI обязательны; установите пакет chromium",
            pytrace=False,
        )
    return path


@pytest.fixture
def artifacts_dir(pytestconfig) -> Path:
    directory = pytestconfig.rootpath / "test-artifacts"
    directory.mkdir(exist_ok=True)
    return directory


@pytest.fixture
def live_world(live_server):
    """The shared personas, in the transactional database the live server reads."""
    return build_world()


@pytest.fixture
def _orm_beside_playwright(monkeypatch):
    # Playwright's sync API keeps an asyncio loop running in this thread, and Django refuses ORM calls
    # when it sees a running loop. The test's own ORM calls are synchronous and safe, so allow them
    # for this test only; monkeypatch restores the variable afterwards.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _close_connections_of_the_running_loop() -> None:
    # While Playwright's loop runs, Django's connection handler (an asgiref Local) gives the test body a
    # connection of its own, separate from the one pytest-django tears down. Close it here, inside the
    # loop, or PostgreSQL refuses to drop the test database ("being accessed by other users").
    connections.close_all()


def _collect_csp_violation(message: ConsoleMessage, violations: list[str]) -> None:
    if "Content Security Policy" in message.text:
        violations.append(message.text)


@pytest.fixture
def page(chromium, live_server, _orm_beside_playwright):
    """A fresh browser page that may talk to the live server only.

    Every request is recorded; requests to any other host are aborted at once (so that a forgotten
    CDN link fails fast instead of waiting for a network that is not there) and fail the test at
    teardown. Uncaught script errors and Content-Security-Policy violations fail it as well.
    """
    origin = live_server.url
    requested: list[str] = []
    script_errors: list[str] = []
    csp_violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="ru-RU", timezone_id="Europe/Moscow")
        context.set_default_timeout(10_000)
        context.on("request", lambda request: requested.append(request.url))
        context.route(re.compile(rf"^(?!{re.escape(origin)}/)"), lambda route: route.abort())
        new_page = context.new_page()
        new_page.on("pageerror", lambda error: script_errors.append(str(error)))
        new_page.on("console", lambda message: _collect_csp_violation(message, csp_violations))
        try:
            yield new_page
        finally:
            context.close()
            browser.close()
            _close_connections_of_the_running_loop()
    foreign = [url for url in requested if not url.startswith(f"{origin}/")]
    assert requested, "браузер не сделал ни одного запроса: тест ничего не проверил"
    assert not foreign, f"страницы обращались не к нашему серверу {origin}: {foreign}"
    assert not script_errors, f"ошибки JavaScript на страницах: {script_errors}"
    assert not csp_violations, f"нарушения Content-Security-Policy: {csp_violations}"


def _log_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Войти").click()


def _has_session_cookie(page: Page) -> bool:
    return any(cookie["name"] == settings.SESSION_COOKIE_NAME for cookie in page.context.cookies())


def test_department_admin_logs_in_creates_a_school_and_finds_it_in_the_list(
    page, live_server, live_world, artifacts_dir
):
    base = live_server.url
    full_name = "Муниципальное бюджетное общеобразовательное учреждение «Новая Сеченовская средняя школа»"
    short_name = "МБОУ Новая Сеченовская СШ"
    code = "sech-school-new"

    _log_in(page, base, live_world.department_admin.username, TEST_PASSWORD)
    page.wait_for_url(f"{base}/")
    assert _has_session_cookie(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Здравствуйте")
    expect(page.get_by_role("link", name=live_world.school.short_name)).to_be_visible()
    page.screenshot(path=artifacts_dir / "browser-home-department-admin.png", full_page=True)

    response = page.goto(f"{base}/organizations/new/")
    assert response is not None
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("Новая организация")
    page.select_option("#id_kind", "school")
    page.fill("#id_full_name", full_name)
    page.fill("#id_short_name", short_name)
    page.fill("#id_code", code)
    page.fill("#id_address", "607580, Нижегородская область, с. Сеченово, ул. Советская, д. 1")
    page.screenshot(path=artifacts_dir / "browser-organization-form.png", full_page=True)
    page.get_by_role("button", name="Сохранить").click()

    page.wait_for_url(re.compile(rf"^{re.escape(base)}/organizations/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(full_name)
    expect(page.get_by_role("alert")).to_contain_text(f"Организация «{short_name}» создана.")

    organization = Organization.objects.get(code=code)
    assert page.url == f"{base}/organizations/{organization.pk}/"
    assert organization.municipality == live_world.municipality
    assert organization.kind == OrganizationKind.SCHOOL
    assert organization.full_name == full_name
    assert organization.short_name == short_name

    page.goto(f"{base}/organizations/")
    expect(page.get_by_role("link", name=short_name, exact=True)).to_have_attribute(
        "href", f"/organizations/{organization.pk}/"
    )


def test_curator_sees_the_own_school_and_gets_not_found_for_another_school(page, live_server, live_world):
    base = live_server.url
    _log_in(page, base, live_world.curator.username, TEST_PASSWORD)
    page.wait_for_url(f"{base}/")

    own = page.goto(f"{base}/organizations/{live_world.school.pk}/")
    assert own is not None
    assert own.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(live_world.school.full_name)

    other = page.goto(f"{base}/organizations/{live_world.other_school.pk}/")
    assert other is not None
    assert other.status == 404
    expect(page).to_have_title(re.compile(r"^Страница не найдена"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Страница не найдена")
    expect(page.get_by_text(live_world.other_school.short_name)).to_have_count(0)


def test_wrong_password_shows_a_russian_message_and_starts_no_session(page, live_server, live_world):
    base = live_server.url
    _log_in(page, base, live_world.department_admin.username, "не-тот-пароль")

    expect(page.get_by_role("alert")).to_contain_text("Неверный логин или пароль")
    assert page.url == f"{base}/login/"
    assert not _has_session_cookie(page)
    assert not Session.objects.exists()

    # Nobody is logged in: the home page still sends the visitor to the login form.
    page.goto(f"{base}/")
    assert page.url.startswith(f"{base}/login/")
    expect(page.get_by_role("button", name="Войти")).to_be_visible()


def test_the_user_form_offers_only_the_roles_valid_in_the_chosen_organization(page, live_server, live_world):
    base = live_server.url
    _log_in(page, base, live_world.department_admin.username, TEST_PASSWORD)
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/users/new/")

    def offered_roles() -> list[str]:
        return page.eval_on_selector_all(
            "#id_role option:not([disabled])", "options => options.map(o => o.value)"
        )

    page.select_option("#id_organization", str(live_world.partner.pk))
    assert offered_roles() == ["mentor", "partner_representative"]
    assert page.input_value("#id_role") == "mentor"
    page.select_option("#id_organization", str(live_world.department.pk))
    assert offered_roles() == ["department_admin", "methodologist"]
    page.select_option("#id_organization", str(live_world.school.pk))
    assert offered_roles() == ["head", "curator", "mentor", "mentee"]

    page.select_option("#id_role", "mentee")
    page.fill("#id_last_name", "Зимина")
    page.fill("#id_first_name", "Алёна")
    page.fill("#id_username", "zimina")
    page.fill("#id_email", "zimina@example.ru")
    page.get_by_role("button", name="Создать").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "ссылка для установки пароля отправлена на zimina@example.ru"
    )
    assert live_world.school.memberships.filter(
        user__username="zimina", role="mentee", is_active=True
    ).exists()

# ruff: noqa: F811 - the browser fixtures are imported from common/tests/test_browser.py and used by name
"""In a real browser: a mentor records the first three meetings with feedback, the mentee gives theirs,
and the curator sees the pair working with complete feedback. Uses the browser fixtures of
mentoring/common/tests/test_browser.py (Debian's Chromium, the live server, no outside requests)."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentoring.accounts.tests.factories import TEST_PASSWORD
from mentoring.common.tests.reference import reference_data  # noqa: F401 - a fixture used by name
from mentoring.common.tests.test_browser import (  # noqa: F401 - fixtures used by name
    _find_chromium,
    _in_ci,
    _orm_beside_playwright,
    artifacts_dir,
    chromium,
    live_world,
    page,
)
from mentoring.mentorships.models import Feedback, Meeting, MentorshipStatus
from mentoring.mentorships.tests.factories import make_mentee, make_mentor, make_pair

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(_find_chromium() is None and not _in_ci(), reason="Chromium не найден"),
    # Live-server tests run in transactions that are flushed afterwards; the reference data (forms of
    # mentoring, categories) is loaded again for this test.
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]

KINDS = ["Встреча-знакомство", "Пробная встреча", "Встреча-планирование"]


def _log_in(tab: Page, base: str, username: str) -> None:
    tab.context.clear_cookies()
    tab.goto(f"{base}/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", TEST_PASSWORD)
    tab.get_by_role("button", name="Войти").click()
    tab.wait_for_url(f"{base}/")


def _rate(tab: Page, usefulness: str, comfort: str, clarity: str) -> None:
    tab.select_option("#id_usefulness", usefulness)
    tab.select_option("#id_comfort", comfort)
    tab.select_option("#id_clarity", clarity)
    tab.get_by_role("button", name="Отправить").click()
    expect(tab.get_by_role("alert").first).to_contain_text("Обратная связь сохранена")


def test_a_mentor_records_three_meetings_with_feedback_and_the_curator_sees_a_working_pair(
    page, live_server, live_world, artifacts_dir
):
    world = live_world
    base = live_server.url
    pair = make_pair(
        world.school,
        by=world.curator,
        mentor=make_mentor(world.school, user=world.mentor, last_name="Егорова", first_name="Мария"),
        mentees=[make_mentee(world.school, user=world.mentee, last_name="Киселёв", first_name="Артём")],
    )

    _log_in(page, base, world.mentor.username)
    page.get_by_role("link", name="Мои встречи, задачи и обратная связь").click()
    page.get_by_role("link", name=re.compile("Киселёв Артём")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Пара: Егорова Мария")
    first_day = timezone.localdate() - datetime.timedelta(days=21)
    for number, kind in enumerate(KINDS):
        page.get_by_role("link", name="Записать встречу").click()
        # The form offers the next meeting of the required order.
        expect(page.locator("#id_kind option:checked")).to_have_text(kind)
        page.fill("#id_day", f"{first_day + datetime.timedelta(days=7 * number):%d.%m.%Y}")
        page.fill("#id_time", "15:30")
        page.fill("#id_topic", f"Тема встречи {number + 1}")
        page.check("#id_held")
        expect(page.get_by_label("Киселёв Артём")).to_be_checked()
        page.get_by_role("button", name="Сохранить").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Обратная связь о встрече")
        _rate(page, "9", "10", "8")
        page.goto(f"{base}/mentorships/{pair.pk}/")
    expect(
        page.get_by_text(re.compile("Следующей может быть: совместная работа или итоговая встреча"))
    ).to_be_visible()
    page.screenshot(path=artifacts_dir / "browser-mentorship-mentor.png", full_page=True)

    _log_in(page, base, world.mentee.username)
    page.goto(f"{base}/mentorships/my/")
    for _ in KINDS:
        page.locator("a.list-group-item-warning").first.click()
        _rate(page, "7", "8", "6")
    expect(page.get_by_text("Оцените встречи")).to_have_count(0)

    _log_in(page, base, world.curator.username)
    page.goto(f"{base}/mentorships/overview/")
    expect(page.get_by_text("обратной связи собрано (6 из 6)")).to_be_visible()
    page.goto(f"{base}/mentorships/")
    row = page.get_by_role("link", name=re.compile("Егорова Мария"))
    expect(row).to_contain_text("Работает")
    expect(row).to_contain_text("6/6 ✓")
    page.screenshot(path=artifacts_dir / "browser-mentorships-curator.png", full_page=True)

    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACTIVE
    assert Meeting.objects.filter(mentorship=pair, status="held").count() == 3
    assert Feedback.objects.filter(meeting__mentorship=pair, entered_by_staff=False).count() == 6

import pytest
from django.urls import reverse

from mentoring.matching import services
from mentoring.matching.models import MatchingRun, MatchingSettings, PairRule, RunStatus
from mentoring.matching.tests.factories import MATH, mentee, mentor, small_setup
from mentoring.mentorships.models import Mentorship

pytestmark = pytest.mark.django_db


def test_the_program_page_shows_who_waits_and_the_days_left(world, client_for):
    setup = small_setup(world)
    response = client_for(world.curator).get(reverse("matching:program", args=[setup.program.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ожидают наставника" in text
    assert "осталось 11 дней" in text
    assert response.context["overview"].mentees == 3
    assert response.context["overview"].free_places == 3


def test_the_curator_runs_matching_and_sees_the_proposal_with_reasons(world, client_for):
    setup = small_setup(world)
    client = client_for(world.curator)
    response = client.post(reverse("matching:start", args=[setup.program.pk]))
    run = MatchingRun.objects.get(program=setup.program)
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:run", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "3 из 3" in page
    assert "из чего сложился балл" in page
    assert "покрыто запросов: 1 из 1" in page
    assert "Утвердить и сформировать пары" in page


def test_the_proposal_page_needs_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    setup = small_setup(world)
    for grade in (5, 6, 7, 5, 6, 7):
        mentee(world, grade=grade, requests=(MATH,))
    for _ in range(4):
        mentor(world, grade=11, capacity=2, competencies=(MATH,))
    run = services.matching_run_now(program=setup.program, by=world.curator)
    client = client_for(world.curator)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("matching:run", args=[run.pk]))
    assert response.status_code == 200


def test_the_move_page_shows_what_each_alternative_costs(world, client_for):
    setup = small_setup(world)
    run = services.matching_run_now(program=setup.program, by=world.curator)
    response = client_for(world.curator).get(reverse("matching:move", args=[run.pk, setup.mentees[0].pk]))
    assert response.status_code == 200
    alternatives = response.context["alternatives"]
    current = [a for a in alternatives if a.is_current]
    assert len(current) == 1
    assert current[0].difference == 0
    others = [a for a in alternatives if not a.is_current]
    assert others
    assert all(a.difference < 0 for a in others)


def test_moving_by_hand_through_the_page_opens_the_new_proposal(world, client_for):
    setup = small_setup(world)
    run = services.matching_run_now(program=setup.program, by=world.curator)
    response = client_for(world.curator).post(
        reverse("matching:move", args=[run.pk, setup.mentees[0].pk]), {"mentor": setup.mentors[1].pk}
    )
    new_run = MatchingRun.objects.exclude(pk=run.pk).get()
    assert response["Location"] == reverse("matching:run", args=[new_run.pk])
    assert new_run.pairs.get(mentee=setup.mentees[0]).mentor == setup.mentors[1]


@pytest.mark.parametrize("value", ["", "abc", "-1", "99999999", "1; DROP TABLE", "1" * 500])
def test_bad_input_to_lock_and_move_changes_nothing_and_says_why(world, client_for, value):
    setup = small_setup(world)
    run = services.matching_run_now(program=setup.program, by=world.curator)
    client = client_for(world.curator)
    response = client.post(
        reverse("matching:lock", args=[run.pk]), {"mentee": value, "mentor": value}, follow=True
    )
    assert response.status_code == 200
    assert any("пару" in str(m) or "участвует" in str(m) for m in response.context["messages"])
    response = client.post(
        reverse("matching:move", args=[run.pk, setup.mentees[0].pk]), {"mentor": value}, follow=True
    )
    assert response.status_code == 200
    assert PairRule.objects.count() == 0
    assert MatchingRun.objects.count() == 1


def test_confirming_through_the_page_forms_the_pairs(world, client_for):
    setup = small_setup(world)
    run = services.matching_run_now(program=setup.program, by=world.curator)
    response = client_for(world.curator).post(reverse("matching:confirm", args=[run.pk]), follow=True)
    assert "Сформировано пар и групп: 2" in response.content.decode()
    assert Mentorship.objects.filter(program=setup.program).count() == 2
    assert "Проект приказа о формировании пар и групп" in response.content.decode()


def test_weights_that_are_all_zero_are_refused_with_a_message(world, client_for):
    setup = small_setup(world)
    data = {
        "weight_requests": "0",
        "weight_preferences": "0",
        "weight_priority": "0",
        "weight_availability": "0",
        "weight_gap": "0",
    }
    response = client_for(world.curator).post(reverse("matching:settings", args=[setup.program.pk]), data)
    assert response.status_code == 200
    assert "Хотя бы один вес" in response.content.decode()
    assert not MatchingSettings.objects.exists()


@pytest.mark.parametrize("weight", ["-5", "101", "abc", "", "<script>"])
def test_weights_out_of_range_are_refused(world, client_for, weight):
    setup = small_setup(world)
    data = {
        "weight_requests": weight,
        "weight_preferences": "10",
        "weight_priority": "10",
        "weight_availability": "10",
        "weight_gap": "10",
    }
    response = client_for(world.curator).post(reverse("matching:settings", args=[setup.program.pk]), data)
    assert response.status_code == 200
    assert not MatchingSettings.objects.exists()


def test_a_curator_records_a_mentees_wishes_on_the_page(world, client_for):
    setup = small_setup(world)
    response = client_for(world.curator).post(
        reverse("matching:wishes", args=[setup.program.pk]),
        {
            "side": "mentee",
            "mentee-mentee": setup.mentees[0].pk,
            "mentee-choice_1": setup.mentors[1].pk,
            "mentee-choice_2": setup.mentors[0].pk,
        },
    )
    assert response.status_code == 302
    ranks = dict(setup.program.preferences.values_list("mentor_id", "rank"))
    assert ranks == {setup.mentors[1].pk: 1, setup.mentors[0].pk: 2}


def test_a_wish_naming_the_same_mentor_twice_is_refused(world, client_for):
    setup = small_setup(world)
    response = client_for(world.curator).post(
        reverse("matching:wishes", args=[setup.program.pk]),
        {
            "side": "mentee",
            "mentee-mentee": setup.mentees[0].pk,
            "mentee-choice_1": setup.mentors[0].pk,
            "mentee-choice_2": setup.mentors[0].pk,
        },
    )
    assert response.status_code == 200
    assert "дважды" in response.content.decode()
    assert not setup.program.preferences.exists()


def test_the_progress_fragment_sends_the_browser_to_the_finished_proposal(world, client_for):
    setup = small_setup(world)
    run = services.matching_run_now(program=setup.program, by=world.curator)
    response = client_for(world.curator).get(
        reverse("matching:progress", args=[run.pk]), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == reverse("matching:run", args=[run.pk])
    queued = MatchingRun.objects.create(
        program=setup.program, started_by=world.curator, status=RunStatus.RUNNING
    )
    response = client_for(world.curator).get(
        reverse("matching:progress", args=[queued.pk]), HTTP_HX_REQUEST="true"
    )
    assert "HX-Redirect" not in response
    assert 'hx-trigger="every 1s"' in response.content.decode()


def test_the_program_card_links_to_matching_for_the_curator_only(world, client_for):
    setup = small_setup(world)
    url = reverse("programs:detail", args=[setup.program.pk])
    assert (
        reverse("matching:program", args=[setup.program.pk])
        in client_for(world.curator).get(url).content.decode()
    )
    assert (
        reverse("matching:program", args=[setup.program.pk])
        not in client_for(world.mentor).get(url).content.decode()
    )

from django.urls import reverse

from mentoring.accounts.models import User
from mentoring.demo.retention import load_demo_retention
from mentoring.people.models import Person


def test_one_person_is_anonymised_once_and_others_wait_on_the_retention_page(district, client):
    anonymised = Person.objects.filter(anonymised_at__isnull=False)
    assert anonymised.count() == 1
    assert load_demo_retention(district) == 1  # a second run anonymises nobody else
    person = anonymised.get()
    assert person.last_name == "Обезличен"
    assert person.email == ""
    client.force_login(User.objects.get(username="uo"))
    page = client.get(reverse("people:retention")).content.decode()
    assert "согласие отозвано" in page
    card = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Данные участника обезличены" in card

"""The dashboard's key figures agree with their number: « 1 salon à venir », « 2 salons à venir »."""

import datetime
import re

import pytest
from django.urls import reverse

from tests.events.factories import AppearanceFactory

from . import data

pytestmark = pytest.mark.django_db


def kpis(client, query="?year=2012"):
    content = client.get(reverse("dashboard") + query).content.decode()
    section = content[content.index('class="kpis"') : content.index("</section>", content.index('class="kpis"'))]
    pairs = re.findall(r'<div class="value">(.*?)</div><div class="label">(.*?)</div>', section, re.S)
    return {re.sub(r"<[^>]+>|\s+", " ", label).strip(): re.sub(r"<[^>]+>", "", value).strip() for value, label in pairs}


def test_one_of_each_is_singular(time_machine, mission, mission_client):
    time_machine.move_to("2012-06-01 09:00 +02:00", tick=False)
    data.build_year(mission)
    figures = kpis(mission_client)
    assert figures["salons à venir"] == "2"
    assert figures["projets accompagnés"] == "4"
    # One show left after the first one ends: the label says so in the singular.
    time_machine.move_to("2012-06-09 09:00 +02:00", tick=False)
    figures = kpis(mission_client)
    assert figures["salon à venir"] == "1"
    assert "salons à venir" not in figures


def test_no_show_to_come(time_machine, mission_client):
    time_machine.move_to("2012-11-01 09:00 +01:00", tick=False)
    AppearanceFactory(starts_on=datetime.date(2012, 6, 6), ends_on=datetime.date(2012, 6, 8))
    figures = kpis(mission_client, query="")
    assert figures.get("salon à venir", figures.get("salons à venir")) == "0"

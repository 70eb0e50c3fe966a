import pytest
from django.urls import reverse

from tests.events.factories import AppearanceFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_and_edits_appearances(admin_client_user):
    appearance = AppearanceFactory(city="Villepinte")
    response = admin_client_user.get(reverse("admin:events_appearance_changelist"), {"q": "villepinte"})
    assert response.status_code == 200 and list(response.context["cl"].result_list) == [appearance]
    assert admin_client_user.get(reverse("admin:events_appearance_change", args=[appearance.pk])).status_code == 200
    assert admin_client_user.get(reverse("admin:events_tradeshow_changelist")).status_code == 200
    assert (
        admin_client_user.get(reverse("admin:events_tradeshow_change", args=[appearance.trade_show.pk])).status_code
        == 200
    )

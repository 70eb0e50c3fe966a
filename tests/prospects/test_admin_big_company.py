"""The admin change page of a company with hundreds of rows: a fixed number of queries, capped inlines."""

import pytest
from django.urls import reverse

from prospects.models import Contact, FollowUp

from .factories import CompanyFactory, FollowUpFactory, InteractionFactory

pytestmark = pytest.mark.django_db

MANY = 300


@pytest.fixture
def big_company(mission):
    company = CompanyFactory(name="Scierie Géante", owner=mission)
    Contact.objects.bulk_create(
        [Contact(company=company, last_name=f"Salarié{n:04d}", first_name="Anne") for n in range(MANY)]
    )
    for _n in range(30):
        InteractionFactory(company=company, logged_by=mission)
    FollowUp.objects.bulk_create(
        [FollowUp(company=company, title=f"Relance{n:04d}", due_on="2030-01-01", assignee=mission) for n in range(MANY)]
    )
    FollowUpFactory(company=company, assignee=mission)
    return company


def _url(company):
    return reverse("admin:prospects_company_change", args=[company.pk])


def test_the_change_page_keeps_to_12_queries_and_shows_20_rows_of_each(
    admin_client_user, big_company, django_assert_max_num_queries
):
    admin_client_user.get(_url(big_company))  # the content types, cached once per process
    with django_assert_max_num_queries(12):
        response = admin_client_user.get(_url(big_company))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('value="Salarié') == 20
    assert page.count('value="Relance') <= 20
    shown = {i.formset.model: len(i.formset.initial_forms) for i in response.context["inline_admin_formsets"]}
    assert shown[Contact] == 20 and shown[FollowUp] == 20
    contacts = reverse("admin:prospects_contact_changelist")
    followups = reverse("admin:prospects_followup_changelist")
    assert f"{contacts}?company__id__exact={big_company.pk}" in page
    assert f"{followups}?company__id__exact={big_company.pk}&amp;status__exact=open" in page
    assert "Voir les 280 autres" in page
    assert "Voir les 281 autres" in page


def test_saving_the_capped_page_leaves_the_rows_not_shown_alone(admin_client_user, big_company):
    response = admin_client_user.get(_url(big_company))
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is not None and not isinstance(value, list | tuple):
            data[name] = value
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        prefix = formset.prefix
        data[f"{prefix}-TOTAL_FORMS"] = str(len(formset.initial_forms))
        data[f"{prefix}-INITIAL_FORMS"] = str(len(formset.initial_forms))
        data[f"{prefix}-MIN_NUM_FORMS"] = "0"
        data[f"{prefix}-MAX_NUM_FORMS"] = "1000"
        for sub in formset.initial_forms:
            for name in sub.fields:
                value = sub[name].value()
                if value is None or value is False:
                    continue
                if hasattr(value, "pk"):
                    value = value.pk
                data[sub.add_prefix(name)] = value
    # The first shown contact is renamed, the second deleted.
    contacts = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.model is Contact)
    data[contacts.initial_forms[0].add_prefix("last_name")] = "Renommé"
    data[contacts.initial_forms[1].add_prefix("DELETE")] = "on"
    response = admin_client_user.post(_url(big_company), data)
    assert response.status_code == 302, response.context and [
        (i.formset.prefix, i.formset.errors) for i in response.context["inline_admin_formsets"]
    ]
    assert Contact.objects.filter(company=big_company).count() == MANY - 1
    assert Contact.objects.filter(company=big_company, last_name="Renommé").count() == 1
    names = set(Contact.objects.filter(company=big_company).values_list("last_name", flat=True))
    assert {f"Salarié{n:04d}" for n in range(2, MANY)} <= names
    assert FollowUp.objects.filter(company=big_company).count() == MANY + 1

"""object_url: reverse() for many objects of one kind, from one reversal per URL pattern."""

import pytest
from django.template import engines
from django.urls import reverse, set_script_prefix

from core.urlcache import object_url

NAMES = [
    "prospects:company_detail",
    "prospects:project_detail",
    "prospects:followup_complete",
    "prospects:followup_reassign_form",
    "sites:site_detail",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("pk", [1, 42, 918273, 2**40])
def test_it_gives_what_reverse_gives(name, pk):
    assert object_url(name, pk) == reverse(name, args=[pk])


def test_it_follows_the_script_prefix():
    try:
        set_script_prefix("/crm/")
        assert (
            object_url("prospects:company_detail", 7)
            == "/crm/entreprises/7/"
            == reverse("prospects:company_detail", args=[7])
        )
    finally:
        set_script_prefix("/")
    assert object_url("prospects:company_detail", 7) == "/entreprises/7/"


def test_anything_but_an_integer_goes_through_reverse():
    assert object_url("prospects:company_detail", "7") == "/entreprises/7/"
    with pytest.raises(Exception, match="Reverse"):
        object_url("prospects:company_detail", "sept")


def test_the_template_tag():
    template = engines["django"].from_string('{% load object_urls %}{% object_url "prospects:project_detail" pk %}')
    assert template.render({"pk": 12}) == reverse("prospects:project_detail", args=[12])

"""The prospect services given any text and any date: they save, or refuse with a ValidationError.

Whatever reaches a service (from a form, the admin, an import), the answer is
one of the two; any other exception would be a 500 for the person who typed it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prospects import services
from prospects.models import Company, FollowUp

from .factories import CompanyFactory

pytestmark = pytest.mark.django_db

EXAMPLES = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], derandomize=True
)
# Text as people paste it: control characters, emoji, right-to-left marks, very long lines.
typed_text = st.text(st.characters(codec="utf-8"), max_size=400) | st.sampled_from(
    ["", " ", "\x00", "a\r\nb", "x" * 10_000, "=CMD()", "<script>", "\u202e", "😀"]
)
siret_like = st.text(alphabet="0123456789 .-x", max_size=20)
postcodes = st.text(alphabet="0123456789AB ", max_size=8)


def _saved_or_refused(call, model):
    before = model.objects.count()
    try:
        with transaction.atomic():
            instance = call()
    except ValidationError as refusal:
        assert refusal.messages, "a refusal says why"
        assert model.objects.count() == before
        return None
    assert model.objects.count() == before + 1
    instance.refresh_from_db()
    return instance


@EXAMPLES
@given(name=typed_text, siret=siret_like, postcode=postcodes, city=typed_text)
def test_company_create_saves_or_refuses(mission, name, siret, postcode, city):
    company = _saved_or_refused(
        lambda: services.company_create(name=name, siret=siret, postcode=postcode, city=city, actor=mission), Company
    )
    if company is not None:
        assert company.name.strip()
        assert "\x00" not in company.name


@EXAMPLES
@given(title=typed_text, notes=typed_text, due_on=st.dates(min_value=datetime.date(1, 1, 1)))
def test_followup_create_saves_or_refuses(mission, title, notes, due_on):
    company = CompanyFactory()
    followup = _saved_or_refused(
        lambda: services.followup_create(
            company=company, title=title, notes=notes, due_on=due_on, assignee=mission, created_by=mission
        ),
        FollowUp,
    )
    if followup is not None:
        assert followup.due_on == due_on
        assert followup.title.strip()

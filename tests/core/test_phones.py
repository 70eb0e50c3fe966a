"""tel: links from phone numbers typed any way."""

import pytest

from core.phones import tel_uri


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("06 12 34 56 78", "tel:+33612345678"),
        ("06.12.34.56.78", "tel:+33612345678"),
        ("04-66-99-00-11", "tel:+33466990011"),
        ("+33 6 12 34 56 78", "tel:+33612345678"),
        ("+33 (0)6 12 34 56 78", "tel:+33612345678"),
        ("0033 6 12 34 56 78", "tel:+33612345678"),
        ("+49 30 1234567", "tel:+49301234567"),
        ("3975", ""),
        ("", ""),
        (None, ""),
        ("n.c.", ""),
    ],
)
def test_tel_uri(typed, expected):
    assert tel_uri(typed) == expected

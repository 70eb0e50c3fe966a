"""The project's date formats, by language (``FORMAT_MODULE_PATH``).

Each language's ``formats.py`` is read before Django's own, so a name left
out here falls back to Django's (the input formats, the number separators).
Besides Django's names, both define the same extra ones, used as
``{{ day|date:"WEEKDAY_DATE_FORMAT" }}``; ``tests/core/test_formats.py``
checks that neither language lacks one, since Django would otherwise print
the name itself as a format.

No format shows a month as a three-letter abbreviation in French: Django's
``M`` writes « jui » for both juin and juillet; ``N`` writes « juin » and
« juil. ». English numeric dates are left out: 11/06/2012 reads as
6 November to some readers and 11 June to others.
"""

# The names this project adds to Django's, defined in every language.
EXTRA_FORMATS = (
    "WEEKDAY_DATE_FORMAT",
    "LONG_WEEKDAY_DATE_FORMAT",
    "WEEKDAY_DAY_MONTH_FORMAT",
    "SHORT_MONTH_DAY_FORMAT",
)

"""Validators for what people type."""

import re

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Line breaks (\n, \r, and Unicode's line and paragraph separators) and the
# other control characters: none belongs in a name or a title, and one in a
# title ends up in an email's subject, which refuses it.
_NOT_ONE_LINE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


@deconstructible
class SingleLineValidator:
    message = _("Ce champ tient sur une seule ligne : retirez les retours à la ligne et les caractères de contrôle.")
    code = "single_line"

    def __call__(self, value):
        if value and _NOT_ONE_LINE.search(str(value)):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, SingleLineValidator)

    def __hash__(self):
        return hash(self.code)


single_line = SingleLineValidator()

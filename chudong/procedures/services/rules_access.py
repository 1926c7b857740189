"""Reading Charter rules for a step, with a missing rule told to the user, not crashed on."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from chudong.orgs.models import Unit
from chudong.rules import rules
from chudong.rules.catalog import BY_KEY

from ._common import day_text


def _missing(key: str, on: dt.date, field: str) -> ValidationError:
    label = BY_KEY[key].label if key in BY_KEY else key
    return ValidationError(
        {
            field: _(
                "No version of the rule “%(rule)s” is in force on %(date)s. The central "
                "administrator issues it on the Rules page."
            )
            % {"rule": label, "date": day_text(on)}
        }
    )


def rule(key: str, *, on: dt.date, unit: Unit, field: str) -> Any:
    try:
        return rules.get(key, on=on, unit=unit)
    except LookupError:
        raise _missing(key, on, field) from None


def rule_fraction(key: str, *, on: dt.date, unit: Unit, field: str) -> Fraction:
    try:
        return rules.fraction(key, on=on, unit=unit)
    except LookupError:
        raise _missing(key, on, field) from None


def fraction_text(value: Fraction) -> str:
    return f"{value.numerator}/{value.denominator}"

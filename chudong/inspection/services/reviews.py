"""Year-end self-criticism and criticism (kiểm điểm): the unit's collective review and
each leadership member's, the leadership being the unit's current role assignments."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from chudong.access.selectors import unit_leadership
from chudong.orgs.models import Unit

from ..models import Review, SelfRating
from .common import date_required, raise_if, required, text, writable, year

_TEXTS = ("strengths", "shortcomings", "remedies")


def leadership_post(*, actor: Any, unit: Unit, person: Any) -> str | None:
    """The post `person` holds in the unit's leadership today, or None."""
    for assignment in unit_leadership(actor=actor, unit=unit):
        if assignment.user_id == person.pk:
            return str(assignment.role)
    return None


def review_save(
    *, actor: Any, unit: Unit, data: dict, person: Any = None, review: Review | None = None
) -> Review:
    """Write the collective review (`person` None) or a leadership member's for a year;
    a second review of the same unit, year and person updates the first. Needs
    work.manage at `unit`. A new personal review needs `person` in today's leadership."""
    writable(actor, unit)
    errors: dict = {}
    messages = {
        "strengths": _("Enter the strengths."),
        "shortcomings": _("Enter the shortcomings."),
        "remedies": _("Enter how the shortcomings will be remedied."),
    }
    clean = {key: required(errors, data, key, messages[key]) for key in _TEXTS}
    the_year = review.year if review else year(errors, data)
    if data.get("self_rating") not in SelfRating.values:
        errors["self_rating"] = _("Choose the self-rating.")
    agreed = data.get("agreed_rating") or ""
    if agreed and agreed not in SelfRating.values:
        errors["agreed_rating"] = _("Choose the self-rating.")
    reviewed_on = date_required(errors, data, "reviewed_on", _("Enter the date of the review."))
    if reviewed_on and the_year and reviewed_on.year < the_year:
        errors["reviewed_on"] = _("A review of %s cannot be held before that year.") % the_year
    post = review.post if review else ""
    if review is None and person is not None:
        post = leadership_post(actor=actor, unit=unit, person=person)
        if post is None:
            errors["person"] = _(
                "%s does not hold a leadership post in this unit today."
            ) % getattr(person, "full_name", person)
    raise_if(errors)
    if review is None:
        review = Review.objects.filter(unit=unit, year=the_year, person=person).first()
    with transaction.atomic():
        if review is None:
            review = Review(
                unit=unit,
                unit_path=unit.path,
                year=the_year,
                person=person,
                post=post or "",
                created_by=actor,
            )
        for key, value in clean.items():
            setattr(review, key, value)
        review.self_rating = data["self_rating"]
        review.agreed_rating = agreed
        review.criticism = text(data, "criticism")
        review.reviewed_on = reviewed_on
        review._history_user = actor
        review.save()
    return review

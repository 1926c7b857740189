"""Kinds of member timeline events the procedures write (registered in AppConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ADMISSION_NOMINATED = "admission_nominated"
ADMISSION_CLASS = "admission_class"
ADMISSION_INTRODUCED = "admission_introduced"
ADMISSION_APPLIED = "admission_applied"
ADMISSION_VOTED = "admission_voted"
ADMISSION_CONFIRMED = "admission_confirmed"
ADMISSION_CEREMONY = "admission_ceremony"
CARD_ISSUED = "card_issued"
CARD_REISSUED = "card_reissued"
DISCIPLINE = "discipline"
DISCIPLINE_APPEAL = "discipline_appeal"
COMMENDATION = "commendation"
HONORARY_ADMITTED = "honorary_admitted"

KINDS = {
    ADMISSION_NOMINATED: _("Nominated for admission"),
    ADMISSION_CLASS: _("Youth Union class"),
    ADMISSION_INTRODUCED: _("Introduced"),
    ADMISSION_APPLIED: _("Application submitted"),
    ADMISSION_VOTED: _("Branch vote"),
    ADMISSION_CONFIRMED: _("Admission confirmed"),
    ADMISSION_CEREMONY: _("Admission ceremony"),
    CARD_ISSUED: _("Membership card issued"),
    CARD_REISSUED: _("Membership card reissued"),
    DISCIPLINE: _("Discipline"),
    DISCIPLINE_APPEAL: _("Appeal against discipline"),
    COMMENDATION: _("Commendation"),
    HONORARY_ADMITTED: _("Admitted as an honorary member"),
}

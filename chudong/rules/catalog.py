"""The rules chudong knows: key → what it means and how its value is written.

A rule's value is stored as JSON. `kind` says how to read and validate it:
- "int", "money" (VND, int), "months", "days", "years": a whole number ≥ 0;
- "fraction": [numerator, denominator], e.g. [2, 3];
- "choices": a list of codes; "schedule": a mapping; "text": a string.
Adding a key here (and seeding it in a data migration) is how a new Charter number enters
the system; changing its value for a new period is data, done from the Rules page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class RuleKey:
    key: str
    label: object
    kind: str


KEYS = [
    RuleKey(
        "membership.min_age",
        _("Minimum age for admission (full years, on the decision date)"),
        "years",
    ),
    RuleKey(
        "membership.max_age",
        _("Maximum age for admission (full years, on the decision date)"),
        "years",
    ),
    RuleKey(
        "admission.introducer_min_months",
        _("Introducer has known the candidate for at least (months)"),
        "months",
    ),
    RuleKey(
        "admission.vote_threshold",
        _("Branch vote needed for admission (share of members present, more than)"),
        "fraction",
    ),
    RuleKey("maturation.age", _("Age at which members mature out of the Union"), "years"),
    RuleKey("maturation.max_age_kept", _("Oldest age a member may be kept on request"), "years"),
    RuleKey(
        "maturation.ceremony_dates", _("Usual maturation ceremony dates (day/month)"), "choices"
    ),
    RuleKey(
        "strike_off.absence_months",
        _("Months of absence or unpaid dues within a year that lead to striking off"),
        "months",
    ),
    RuleKey(
        "strike_off.far_away_max_months",
        _("Working far away: exempt from striking off for up to (months)"),
        "months",
    ),
    RuleKey(
        "discipline.quorum", _("Discipline meeting quorum (share of members, at least)"), "fraction"
    ),
    RuleKey(
        "discipline.vote_threshold",
        _("Discipline vote (share of members present, more than, secret ballot)"),
        "fraction",
    ),
    RuleKey("discipline.upper_level_from", _("Forms decided by the upper level"), "choices"),
    RuleKey("dues.monthly_unsalaried", _("Monthly dues, members without salary (VND)"), "money"),
    RuleKey("dues.monthly_salaried", _("Monthly dues, members with salary (VND)"), "money"),
    RuleKey("dues.monthly_abroad", _("Monthly dues, members abroad, at least (VND)"), "money"),
    RuleKey(
        "dues.retained_share", _("Share of dues each level keeps (the rest goes up)"), "fraction"
    ),
    RuleKey("dues.exemption_max_months", _("Longest dues exemption (months)"), "months"),
    RuleKey("dues.remittance_schedule", _("When each level remits dues upward"), "schedule"),
    RuleKey(
        "dues.tracking_from",
        _("Dues are tracked in chudong from this month (MM/YYYY); earlier months owe nothing"),
        "text",
    ),
    RuleKey("rating.levels", _("Annual member rating levels, best first"), "choices"),
    RuleKey(
        "rating.min_months_in_unit", _("Rated only after this many months in the unit"), "months"
    ),
    RuleKey(
        "rating.excellent_min_participation",
        _("Excellent rating: share of activities attended, at least"),
        "fraction",
    ),
    RuleKey(
        "rating.level_labels",
        _("Names of the annual rating levels (level: name, one per line)"),
        "schedule",
    ),
    RuleKey(
        "rating.excellent_requires_training",
        _("Excellent rating needs an excellent Rèn luyện đoàn viên result (1 yes, 0 no)"),
        "int",
    ),
    RuleKey(
        "training.result_levels", _("Rèn luyện đoàn viên result levels, best first"), "choices"
    ),
    RuleKey(
        "training.evaluation_month",
        _("Month of the Rèn luyện đoàn viên evaluation, by grassroots unit kind (default: other)"),
        "schedule",
    ),
    RuleKey(
        "meetings.months_between", _("Branch meetings: at most this many months apart"), "months"
    ),
    RuleKey(
        "meetings.months_between_dispersed",
        _("Branch meetings in dispersed units: at most this many months apart"),
        "months",
    ),
    RuleKey(
        "meetings.months_between_by_kind",
        _("Branch meetings: months apart, by unit kind (overrides the general rule)"),
        "schedule",
    ),
    RuleKey(
        "committee.standing_max_share",
        _("Standing committee size, at most this share of the executive committee"),
        "fraction",
    ),
    RuleKey(
        "transfer.deadline_days", _("Days to present a transfer at the receiving unit"), "days"
    ),
    RuleKey("card.reissue_decided_by", _("Who reissues a lost membership card"), "text"),
    RuleKey(
        "care.rights_first_response_days",
        _("Rights cases: days from receipt to the first response"),
        "days",
    ),
    RuleKey("care.rights_close_days", _("Rights cases: days from receipt to settlement"), "days"),
    RuleKey(
        "advisory.proposal_response_days",
        _("Proposals to the Party committee: days to wait for a response before a warning"),
        "days",
    ),
    RuleKey(
        "recognition.plan_deadline_days",
        _("3 chủ động: days after 1 January to register the year's plan"),
        "days",
    ),
    RuleKey(
        "recognition.review_days",
        _("3 chủ động: days for the upper level to review a self-assessment"),
        "days",
    ),
]
BY_KEY = {k.key: k for k in KEYS}

"""Capabilities: what a role lets its holder do, over the unit it is held at and below.

Declared in code (like saleor's permission enums) so that a typo is an error, while roles
are data that bundle them. A capability in `BELOW_ONLY` applies to the units strictly below
the holder's unit: the Charter reserves these decisions to the upper level (a grassroots
secretary cannot rename, dissolve or re-staff their own union).
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class Cap(StrEnum):
    UNITS_VIEW = "units.view"
    UNITS_MANAGE = "units.manage"
    UNITS_RESTRUCTURE = "units.restructure"
    ROLES_MANAGE = "roles.manage"
    HISTORY_VIEW = "history.view"
    MEMBERS_VIEW = "members.view"
    MEMBERS_MANAGE = "members.manage"
    MEMBERS_SENSITIVE = "members.sensitive"
    MEMBERS_DECIDE = "members.decide"
    CARE_VIEW = "care.view"
    CARE_MANAGE = "care.manage"
    NOTICES_SEND = "notices.send"
    WORK_VIEW = "work.view"
    WORK_MANAGE = "work.manage"
    ADVISORY_VIEW = "advisory.view"
    ADVISORY_MANAGE = "advisory.manage"
    RECOGNITION_VIEW = "recognition.view"
    RECOGNITION_SUBMIT = "recognition.submit"
    RECOGNITION_REVIEW = "recognition.review"
    REPORTS_VIEW = "reports.view"
    AUDIT_VIEW = "audit.view"
    RULES_MANAGE = "rules.manage"


BELOW_ONLY: frozenset[Cap] = frozenset(
    {Cap.UNITS_RESTRUCTURE, Cap.ROLES_MANAGE, Cap.MEMBERS_DECIDE, Cap.RECOGNITION_REVIEW}
)

LABELS: dict[Cap, str] = {
    Cap.UNITS_VIEW: _("See units and their figures"),
    Cap.UNITS_MANAGE: _("Edit unit details and contacts"),
    Cap.UNITS_RESTRUCTURE: _("Found, rename, move, merge, split and dissolve units below"),
    Cap.ROLES_MANAGE: _("Appoint and end the leadership of units below"),
    Cap.HISTORY_VIEW: _("See the change history of records"),
    Cap.MEMBERS_VIEW: _("See the member register"),
    Cap.MEMBERS_MANAGE: _("Edit members and start procedures"),
    Cap.MEMBERS_SENSITIVE: _("See sensitive personal data (logged)"),
    Cap.MEMBERS_DECIDE: _("Decide what the Charter reserves to the upper level"),
    Cap.CARE_VIEW: _("See youth opinion, care and rights work"),
    Cap.CARE_MANAGE: _("Record youth opinion, care and rights work"),
    Cap.NOTICES_SEND: _("Send documents down the tree"),
    Cap.WORK_VIEW: _("See plans, activities and meetings"),
    Cap.WORK_MANAGE: _("Record plans, activities and meetings"),
    Cap.ADVISORY_VIEW: _("See advisory work and partnerships"),
    Cap.ADVISORY_MANAGE: _("Record advisory work and partnerships"),
    Cap.RECOGNITION_VIEW: _("See 3 chủ động plans and results"),
    Cap.RECOGNITION_SUBMIT: _("Register and self-assess the 3 chủ động plan"),
    Cap.RECOGNITION_REVIEW: _("Review and recognise units below"),
    Cap.REPORTS_VIEW: _("See reports and dashboards"),
    Cap.AUDIT_VIEW: _("See the sensitive-data read log"),
    Cap.RULES_MANAGE: _("Issue new versions of Charter rules for one's own level"),
}


def parse(values: list[str]) -> list[Cap]:
    """Capability codes stored on a role → Cap members; unknown codes raise ValueError."""
    return [Cap(v) for v in values]

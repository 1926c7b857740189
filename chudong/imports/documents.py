"""Printed documents: a member's dossier and the chi đoàn book's tables, as PDF.

The data is gathered here (already scoped: the caller fetched the member or unit through
its access helper) and handed to a Typst template as JSON through sys.inputs, so names and
notes typed by users are always plain text, whatever characters they contain; Typst never
parses them as markup. Typst's bundled fonts set Vietnamese; system fonts are ignored so
every server prints the same.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import typst
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from chudong.access import policy
from chudong.access.capabilities import Cap
from chudong.members.models import Member
from chudong.members.selectors import member_sensitive_read, member_timeline
from chudong.orgs.models import Unit

from . import book

TEMPLATES = Path(__file__).parent / "typst"


def compile_pdf(template: str, data: dict[str, Any]) -> bytes:
    """Render `template` (a file in typst/) with `data`; returns the PDF bytes."""
    return typst.compile(
        str(TEMPLATES / template),
        root=str(TEMPLATES),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False, default=str)},
    )


def day(value: dt.date | None) -> str:
    return date_format(value, "d/m/Y") if value else ""


def birth(member: Member) -> str:
    return str(member.date_of_birth.year) if member.birth_year_only else day(member.date_of_birth)


def _letterhead(actor: Any, unit: Unit, heading: str, printed_by: str) -> dict[str, Any]:
    """Header lines as units write them (the organisation, the upper unit when the actor
    may see it, the unit) and a footer naming who printed the document and when."""
    above = []
    if unit.parent_id and policy.can_at_path(actor, Cap.UNITS_VIEW, unit.parent.path):
        above = [unit.parent.name.upper()]
    now = timezone.localtime()
    return {
        "organisation": _("HỒ CHÍ MINH COMMUNIST YOUTH UNION"),
        "units_above": above,
        "unit": unit.name.upper(),
        "heading": heading,
        "dated": _("Printed on %s") % date_format(now, "d/m/Y"),
        "footer": _("chudong · printed by %(who)s at %(when)s")
        % {"who": printed_by, "when": date_format(now, "H:i d/m/Y")},
    }


def dossier_data(*, actor: Any, member: Member, request_path: str = "") -> dict[str, Any]:
    """Everything the dossier prints. With members.sensitive over the member the
    sensitive data and family are included, and that read is logged (purpose "pdf")."""
    unit = member.unit
    who = getattr(actor, "full_name", "") or str(actor)
    data = _letterhead(actor, unit, _("MEMBER DOSSIER"), who)
    data["title"] = _("Member dossier: %s") % member.full_name
    data["name"] = member.full_name.upper()
    dash = "—"
    data["parts"] = [
        {
            "title": _("Identity and contact"),
            "pairs": [
                [_("Full name"), member.full_name],
                [_("Sex"), str(member.get_sex_display())],
                [_("Date of birth"), birth(member)],
                [_("Citizen ID (CCCD)"), member.national_id or dash],
                [_("Place of birth"), member.birthplace or dash],
                [_("Hometown"), member.hometown or dash],
                [_("Permanent residence"), member.permanent_residence or dash],
                [_("Current residence"), member.current_residence or dash],
                [_("Phone"), member.phone or dash],
                [_("E-mail"), member.email or dash],
            ],
        },
        {
            "title": _("Union membership"),
            "pairs": [
                [_("Branch"), unit.name],
                [
                    _("Status"),
                    f"{member.get_status_display()} ({_('since')} {day(member.status_since)})",
                ],
                [_("Admitted on"), day(member.admission_date) or dash],
                [_("Admitted at"), member.admission_place or dash],
                [_("Admission decision"), member.admission_decision or dash],
                [_("Card number"), member.card_number or dash],
                [_("Honorary member"), _("Yes") if member.is_honorary else _("No")],
                [
                    _("Party membership"),
                    str(member.get_party_status_display())
                    + (f" ({day(member.party_date)})" if member.party_date else ""),
                ],
            ],
        },
        {
            "title": _("Education and work"),
            "pairs": [
                [_("General education"), member.education_level or dash],
                [_("Professional qualification"), member.professional_qualification or dash],
                [_("Political theory"), str(member.get_political_theory_display()) or dash],
                [_("Foreign languages"), member.foreign_languages or dash],
                [_("Occupation"), member.occupation or dash],
                [_("Workplace or school"), member.workplace or dash],
            ],
        },
    ]
    sensitive = member_sensitive_read(
        actor=actor, member=member, request_path=request_path, purpose="pdf"
    )
    data["tables"] = [*book.member_periods(member), *_timeline(actor, member)]
    if sensitive is not None:
        # Each field as privacy.selectors.visible_sensitive allows: its value, or the
        # "no consent" marker in its place.
        data["parts"].append(
            {
                "title": _("Sensitive data"),
                "pairs": [
                    [row.label, (row.value or dash) if row.shown else row.note]
                    for row in sensitive.fields
                ],
            }
        )
        family_state = sensitive.family_state
        data["tables"].append(
            {
                "title": _("Family"),
                "headers": [
                    _("Relation"),
                    _("Full name"),
                    _("Year of birth"),
                    _("Occupation"),
                    _("Workplace"),
                    _("Residence"),
                ],
                "widths": [1.2, 2.2, 1, 1.6, 1.8, 2],
                "rows": [
                    [
                        str(r.get_relation_display()),
                        r.full_name,
                        str(r.birth_year or ""),
                        r.occupation,
                        r.workplace,
                        r.residence,
                    ]
                    for r in sensitive.family
                ],
                "empty": (
                    _("No family member recorded.")
                    if family_state is None or family_state.shown
                    else family_state.note
                ),
            }
        )
        data["notice"] = _(
            "This dossier contains sensitive personal data (Decree 356/2025). Keep it "
            "confidential; printing it has been recorded."
        )
    else:
        data["notice"] = ""
    return data


def _timeline(actor: Any, member: Member) -> list[dict[str, Any]]:
    entries = [e for e in member_timeline(actor=actor, member=member) if not e.is_period]
    return [
        {
            "title": _("Events on the record"),
            "headers": [_("Date"), _("Event"), _("Details"), _("Unit"), _("Recorded by")],
            "widths": [1, 1.6, 3.4, 1.8, 1.4],
            "rows": [
                [
                    day(e.day),
                    str(e.label),
                    "; ".join(x for x in (e.title, e.detail) if x),
                    e.unit_name,
                    e.actor_name,
                ]
                for e in reversed(entries)
            ],
            "empty": _("No event recorded."),
        }
    ]


def dossier_pdf(*, actor: Any, member: Member, request_path: str = "") -> bytes:
    return compile_pdf(
        "dossier.typ", dossier_data(actor=actor, member=member, request_path=request_path)
    )


def branch_book_pdf(*, actor: Any, unit: Unit, year: int) -> bytes:
    who = getattr(actor, "full_name", "") or str(actor)
    data = _letterhead(actor, unit, _("BRANCH BOOK"), who)
    data["title"] = _("Branch book: %s") % unit.name
    data["subheading"] = _("Year %d") % year
    data["tables"] = book.branch_book_tables(unit=unit, year=year)
    return compile_pdf("branch_book.typ", data)

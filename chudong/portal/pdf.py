"""A member's own data as a PDF for reading (the JSON download is the machine-readable
one), set by Typst with its bundled fonts (which cover Vietnamese). User text reaches the
template only through `sys.inputs` as JSON strings: Typst never reads it as markup."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from chudong.members.models import Member

from .services import CORRECTABLE_FIELDS, display_value

TEMPLATE = Path(__file__).resolve().parent / "typst" / "own_data.typ"
ROWS_PER_SECTION = 300
VALUE_CHARS = 200


def _label(model: Any, name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except FieldDoesNotExist:
        return name


def _text(value: Any) -> str:
    if isinstance(value, dt.datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else value.strftime("%d/%m/%Y %H:%M")
        )
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False, default=str)
    text = "" if value is None else str(value)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def own_data_texts(member: Member, data: dict[str, Any]) -> dict[str, Any]:
    """The texts of the PDF: the record's main facts, then one section per kind of row."""
    from django.apps import apps

    facts = [
        [_("Full name"), member.full_name],
        [_("Unit"), member.unit.name],
        [_("Status"), str(member.get_status_display())],
        [_("Card number"), member.card_number or "—"],
        [_label(Member, "admission_date"), display_value(member.admission_date) or "—"],
    ]
    facts += [
        [_label(Member, name), display_value(getattr(member, name)) or "—"]
        for name in CORRECTABLE_FIELDS
        if name != "full_name"
    ]
    sections = []
    for label, rows in data["related"].items():
        model = apps.get_model(label)
        lines = []
        for row in rows[:ROWS_PER_SECTION]:
            parts = [
                f"{_label(model, name)}: {_text(value)}"
                for name, value in row["fields"].items()
                if value not in (None, "", [], {}) and name not in ("member", "unit_path")
            ]
            lines.append(" · ".join(parts))
        sections.append(
            {"title": str(capfirst(model._meta.verbose_name_plural)), "count": str(len(rows)),
             "rows": lines}
        )  # fmt: skip
    return {
        "union": "ĐOÀN TNCS HỒ CHÍ MINH",
        "title": _("My data in chudong"),
        "exported": _("Exported on %(when)s") % {"when": _text(timezone.now())},
        "facts": facts,
        "sections": sections,
        "note": _(
            "The JSON download holds the same data in full, for other programs. "
            "Ask your branch to correct anything that is wrong."
        ),
    }


def own_data_pdf(member: Member, data: dict[str, Any]) -> bytes:
    import typst

    texts = json.dumps(own_data_texts(member, data), ensure_ascii=False)
    return typst.compile(TEMPLATE.read_bytes(), sys_inputs={"data": texts})

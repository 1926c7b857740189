"""The maturation certificate (Giấy chứng nhận đoàn viên trưởng thành) as a PDF, set by
Typst with its bundled fonts (which cover Vietnamese). User text reaches the template
only through `sys.inputs` as JSON strings: Typst never reads it as markup, so a name
like "#panic()" or "*x*" prints as typed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from chudong.access import selectors as access_selectors

from .dates import d
from .models import MaturationEntry

TEMPLATE = Path(__file__).resolve().parent / "typst" / "maturation_certificate.typ"


def _vietnamese_date(day) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def certificate_data(entry: MaturationEntry, *, actor: Any) -> dict[str, Any]:
    """The texts of one certificate. Its wording is the Vietnamese form's, whatever the
    interface language: the paper is handed over at a Vietnamese ceremony."""
    batch, member = entry.batch, entry.member
    unit = batch.unit
    upper = unit.parent.name if unit.parent_id else ""
    secretary = (
        access_selectors.unit_leadership(actor=actor, unit=unit, day=batch.ceremony_on)
        .filter(role__code="secretary")
        .first()
    )
    born = f"{member.date_of_birth:%Y}" if member.birth_year_only else d(member.date_of_birth)
    facts = [
        ["Họ và tên:", member.full_name],
        ["Ngày sinh:", born],
        ["Quê quán:", member.hometown or "—"],
        [
            "Ngày vào Đoàn:",
            d(member.admission_date) if member.admission_date else "—",
        ],
        ["Sinh hoạt tại:", member.unit.name],
    ]
    return {
        "title": "GIẤY CHỨNG NHẬN ĐOÀN VIÊN TRƯỞNG THÀNH",
        "upper": upper.upper(),
        "issuer": f"BCH {unit.name.upper()}",
        "number_label": "Số",
        "number": entry.certificate_number,
        "union": "ĐOÀN TNCS HỒ CHÍ MINH",
        "place_date": _vietnamese_date(batch.ceremony_on).capitalize(),
        "intro": f"Ban Chấp hành {unit.name} chứng nhận:",
        "facts": facts,
        "statement": (
            "Đã hoàn thành nhiệm vụ của người đoàn viên và được công nhận trưởng thành "
            f"Đoàn từ {_vietnamese_date(batch.ceremony_on)}."
        ),
        "signer_title": f"TM. BAN CHẤP HÀNH {unit.name.upper()}",
        "signer_role": "BÍ THƯ",
        "signer_name": secretary.user.full_name if secretary else "",
    }


def certificate_pdf(entry: MaturationEntry, *, actor: Any) -> bytes:
    import typst

    data = json.dumps(certificate_data(entry, actor=actor), ensure_ascii=False)
    return typst.compile(TEMPLATE.read_bytes(), sys_inputs={"data": data})


def certificate_filename(entry: MaturationEntry) -> str:
    return _("maturation-certificate-%(id)d.pdf") % {"id": entry.pk}

"""The recognition decision (Quyết định công nhận Đoàn cơ sở "3 chủ động") as a PDF, set
by Typst with its bundled fonts (which cover Vietnamese). User text reaches the template
only through `sys.inputs` as JSON strings, never as markup. The wording is Vietnamese
whatever the interface language: it is an official document."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .models import Decision

TEMPLATE = Path(__file__).resolve().parent / "typst" / "decision.typ"


def _date(day) -> str:
    return f"ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def decision_data(decision: Decision) -> dict[str, Any]:
    issuer = decision.issuer
    upper = issuer.parent.name.upper() if issuer.parent_id else ""
    units = [c.unit.name for c in decision.cycles.select_related("unit").order_by("unit__sort_key")]
    subject = f'Về việc công nhận Đoàn cơ sở đạt tiêu chuẩn "3 chủ động" năm {decision.year}'
    return {
        "title": f"Quyết định {decision.number}",
        "upper": upper,
        "issuer": f"BCH {issuer.name.upper()}",
        "number_label": "Số:",
        "number": decision.number,
        "union": "ĐOÀN TNCS HỒ CHÍ MINH",
        "place_date": f"{decision.place}, {_date(decision.signed_on)}",
        "heading": "QUYẾT ĐỊNH",
        "subject": subject,
        "authority": f"BAN THƯỜNG VỤ {issuer.name.upper()}",
        "bases": [
            "- Căn cứ Điều lệ Đoàn TNCS Hồ Chí Minh;",
            '- Căn cứ hướng dẫn xây dựng Đoàn cơ sở "3 chủ động" của Ban Bí thư Trung ương '
            "Đoàn và của Đoàn cấp trên;",
            f"- Xét kết quả thẩm định, đánh giá các Đoàn cơ sở năm {decision.year},",
        ],
        "articles": [
            [
                "Điều 1.",
                f'Công nhận {len(units)} Đoàn cơ sở đạt tiêu chuẩn "3 chủ động" năm '
                f"{decision.year} (có danh sách kèm theo).",
            ],
            [
                "Điều 2.",
                "Kết quả công nhận là căn cứ đánh giá, xếp loại chất lượng tổ chức cơ "
                "sở Đoàn và bình xét thi đua, khen thưởng hằng năm.",
            ],
            [
                "Điều 3.",
                "Văn phòng, các ban và các Đoàn cơ sở có tên tại Điều 1 căn cứ Quyết "
                "định thi hành. Quyết định có hiệu lực kể từ ngày ký.",
            ],
        ],
        "units": units,
        "recipients": ["Như Điều 3;", "Ban Thường vụ Đoàn cấp trên (để báo cáo);", "Lưu VP."],
        "signer_for": "TM. BAN THƯỜNG VỤ",
        "signer_title": decision.signer_title.upper(),
        "signer_name": decision.signer_name,
    }


def decision_pdf(decision: Decision) -> bytes:
    import typst

    data = json.dumps(decision_data(decision), ensure_ascii=False)
    return typst.compile(TEMPLATE.read_bytes(), sys_inputs={"data": data})


def decision_png(decision: Decision) -> bytes:
    """The first page as an image (for checking how Vietnamese is set)."""
    import typst

    data = json.dumps(decision_data(decision), ensure_ascii=False)
    pages = typst.compile(TEMPLATE.read_bytes(), sys_inputs={"data": data}, format="png", ppi=72)
    return pages[0] if isinstance(pages, list) else pages


def decision_filename(decision: Decision) -> str:
    return f"quyet-dinh-3-chu-dong-{decision.pk}.pdf"


SUMMARY_TEMPLATE = Path(__file__).resolve().parent / "typst" / "summary.typ"


def _pct(n: int, total: int) -> str:
    return f"{round(100 * n / total)}%" if total else "—"


def summary_data(*, unit, year: int, data: dict, day) -> dict[str, Any]:
    """The dashboard's figures (selectors.dashboard) as the summary report's text: in
    Vietnamese whatever the interface language, like the decision (a report sent up)."""
    total = data["total"]
    upper = unit.parent.name.upper() if unit.parent_id else ""
    n = total.grassroots
    return {
        "title": f"Báo cáo 3 chủ động {year} – {unit.name}",
        "upper": upper,
        "issuer": f"BCH {unit.name.upper()}",
        "union": "ĐOÀN TNCS HỒ CHÍ MINH",
        "place_date": _date(day).capitalize(),
        "heading": "BÁO CÁO",
        "subject": f'Kết quả xây dựng Đoàn cơ sở "3 chủ động" năm {year}',
        "s1": f"I. TỔNG HỢP CHUNG ({n} Đoàn cơ sở trực thuộc)",
        "totals_head": ["Nội dung", "Số Đoàn cơ sở", "Tỷ lệ"],
        "totals": [
            ["Đăng ký kế hoạch", str(total.registered), _pct(total.registered, n)],
            ["Đã tự đánh giá", str(total.submitted), _pct(total.submitted, n)],
            ["Đã được thẩm định", str(total.reviewed), _pct(total.reviewed, n)],
            ['Được công nhận "3 chủ động"', str(total.recognised), _pct(total.recognised, n)],
        ],
        "s2": "II. THEO ĐƠN VỊ TRỰC THUỘC",
        "children_head": ["Đơn vị", "Số ĐCS", "Đăng ký", "Tự đánh giá", "Thẩm định", "Công nhận"],
        "children": [
            [
                c.unit.name,
                str(c.grassroots),
                str(c.registered),
                str(c.submitted),
                str(c.reviewed),
                f"{c.recognised} ({_pct(c.recognised, c.grassroots)})",
            ]
            for c in data["children"]
        ],
        "none_text": "Không có đơn vị trực thuộc.",
        "s3": "III. KẾT QUẢ QUA CÁC NĂM",
        "trend_head": ["Năm", "Đăng ký", "Tự đánh giá", "Thẩm định", "Công nhận"],
        "trend": [
            [str(t.year), str(t.registered), str(t.submitted), str(t.reviewed), str(t.recognised)]
            for t in data["trend"]
        ],
        "s4": "IV. CÁC TIÊU CHÍ CÒN HẠN CHẾ",
        "weakest_head": ["Tiêu chí", "Nội dung", "Mức đạt", "Số lượt thẩm định"],
        "weakest": [
            [w["criterion__code"], w.get("title", ""), f"{w['share']}%", str(w["reviewed"])]
            for w in data["weakest"]
        ],
        "no_review": "Chưa có kết quả thẩm định trong năm.",
        "note": "Mức đạt: điểm thẩm định trung bình so với điểm tối đa của tiêu chí. "
        "Số liệu tổng hợp từ phần mềm chudong ngày "
        f"{day.day:02d}/{day.month:02d}/{day.year}.",
    }


def summary_pdf(summary: dict[str, Any], *, format: str = "pdf", ppi: int = 72):
    """The summary report as a PDF (or, with format="png", each page as an image and the
    compiler's warnings: what the test checks)."""
    import typst

    data = json.dumps(summary, ensure_ascii=False)
    if format == "pdf":
        return typst.compile(SUMMARY_TEMPLATE.read_bytes(), sys_inputs={"data": data})
    return typst.compile_with_warnings(
        SUMMARY_TEMPLATE.read_bytes(), sys_inputs={"data": data}, format=format, ppi=ppi
    )

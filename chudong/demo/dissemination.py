"""Demo dissemination: a province resolution and the monthly branch-meeting material sent
to the whole of Tỉnh đoàn Thái Nguyên, with partial acknowledgements, so that the coverage
pages, the drill-down and the unit warning show real figures.

- The resolution was due ten days ago; about four members in ten confirmed it (most on
  their phones, some recorded at a branch meeting), fewer in Đại Từ: it raises the
  "under 50% past the deadline" warning on the province page.
- December's branch-meeting material was sent a few days ago; a quarter of the members
  have it, mostly recorded by their secretaries at the meeting.
- Ngô Văn Khánh (doanvien.khanh) acknowledged the resolution; the material waits for him.

Deterministic (random.Random(2026)) for a given day, written in bulk.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from chudong.accounts.models import User
from chudong.core.paths import subtree_q
from chudong.dissemination import services
from chudong.dissemination.models import Acknowledgement, AckSource, Dispatch
from chudong.members.models import CURRENT_STATUSES, Member
from chudong.orgs.models import Unit

# A one-page PDF ("Tai lieu mau"): enough for the attachment to open.
_PDF = b"""%PDF-1.4
1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj
2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj
3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R
/Resources<</Font<</F1 5 0 R>>>>>>endobj
4 0 obj<</Length 60>>stream
BT /F1 18 Tf 72 760 Td (Tinh doan Thai Nguyen - tai lieu) Tj ET
endstream endobj
5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj
trailer<</Root 1 0 R>>
%%EOF
"""


def build(*, admin: User | None = None) -> int:
    """Send the two documents and record the acknowledgements. Returns how many."""
    province = Unit.objects.filter(code="TN").first()
    sender = User.objects.filter(username="tn.bantochuc").first() or admin
    if province is None or sender is None or Dispatch.objects.filter(unit=province).exists():
        return 0
    today = timezone.localdate()
    rng = random.Random(2026)  # noqa: S311 - demo data, not secrets
    resolution = services.dispatch_send(
        actor=sender,
        unit=province,
        title=(
            "Nghị quyết Hội nghị Ban Chấp hành Tỉnh đoàn lần thứ 5 về tăng cường giáo dục "
            "lý tưởng cách mạng, đạo đức, lối sống cho đoàn viên, thanh niên"
        ),
        kind="resolution",
        number="05-NQ/TĐTN",
        issued_on=today - dt.timedelta(days=40),
        issuer="Ban Chấp hành Tỉnh đoàn Thái Nguyên",
        summary=(
            "Mỗi đoàn viên học tập, nắm vững nội dung Nghị quyết và đăng ký ít nhất một việc "
            "làm cụ thể trong Chương trình Rèn luyện đoàn viên.\n"
            "Các chi đoàn tổ chức quán triệt Nghị quyết trong buổi sinh hoạt chi đoàn định kỳ, "
            "gắn với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.\n"
            "Đoàn cơ sở báo cáo kết quả quán triệt về Ban Thường vụ Tỉnh đoàn."
        ),
        acknowledge_by=today - dt.timedelta(days=10),
        files=[SimpleUploadedFile("Nghi quyet 05-NQ-TDTN.pdf", _PDF)],
    )
    material = services.dispatch_send(
        actor=sender,
        unit=province,
        title='Tài liệu sinh hoạt chi đoàn tháng 12: Chủ đề "Thanh niên với chuyển đổi số"',
        kind="branch_material",
        number="TLSH-12/TĐTN",
        issued_on=today - dt.timedelta(days=4),
        issuer="Ban Tuyên giáo Tỉnh đoàn Thái Nguyên",
        summary=(
            "Nội dung sinh hoạt: kỹ năng an toàn trên không gian mạng; nhận diện tin giả, "
            "thông tin xấu độc; hướng dẫn cài đặt và sử dụng ứng dụng Thanh niên Việt Nam.\n"
            "Chi đoàn thảo luận, mỗi đoàn viên nêu một việc làm cụ thể trong tháng."
        ),
        acknowledge_by=today + dt.timedelta(days=20),
        files=[SimpleUploadedFile("Tai lieu sinh hoat thang 12.pdf", _PDF)],
    )
    members = list(
        Member.objects.filter(subtree_q("unit_path", province.path), status__in=CURRENT_STATUSES)
        .order_by("pk")
        .values_list("pk", "unit_id", "unit_path", "user_id")
    )
    khanh = User.objects.filter(username="doanvien.khanh").values_list("pk", flat=True).first()
    # Members below Huyện đoàn Đại Từ lag behind.
    lagging = Unit.objects.filter(code="TN.DT").values_list("path", flat=True).first() or "-"
    rows = []
    for dispatch, base, meeting_share in ((resolution, 0.45, 0.3), (material, 0.25, 0.8)):
        for pk, unit_id, path, user_id in members:
            share = base * (0.4 if path.startswith(lagging) else 1.0)
            if khanh is not None and user_id == khanh:
                if dispatch is resolution:
                    rows.append(_ack(dispatch, pk, unit_id, path, AckSource.SELF, user_id))
                continue
            if rng.random() < share:
                source = AckSource.MEETING if rng.random() < meeting_share else AckSource.SELF
                rows.append(_ack(dispatch, pk, unit_id, path, source, None))
    Acknowledgement.objects.bulk_create(rows, batch_size=1000)
    for dispatch in (resolution, material):
        Dispatch.objects.filter(pk=dispatch.pk).update(
            acknowledged_count=Acknowledgement.objects.filter(dispatch=dispatch).count()
        )
    return len(rows)


def _ack(dispatch, member_id, unit_id, path, source, user_id):
    return Acknowledgement(
        dispatch=dispatch,
        member_id=member_id,
        unit_id=unit_id,
        unit_path=path,
        source=source,
        recorded_by_id=user_id,
    )

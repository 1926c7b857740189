"""The central criteria tables, as the data migration seeds them (domain.md 1.2–1.3).

Kept in a plain module (no model imports) so that the migration and conftest's
`reference_data()` can both call `seed(apps, schema_editor)`.
"""

from __future__ import annotations

PILLARS_2023 = [
    "Chủ động thực hiện quản lý đoàn viên và chăm lo, nắm bắt tình hình thanh niên ở địa "
    "phương, đơn vị",
    "Chủ động xây dựng và thực hiện kế hoạch công tác",
    "Chủ động tham mưu với cấp ủy, phối hợp với chính quyền, các đoàn thể và các tổ chức liên quan",
]
PILLARS_2018 = [
    PILLARS_2023[0],
    PILLARS_2023[1],
    "Chủ động tham mưu với cấp ủy và phối hợp với các tổ chức liên quan",
]

# code, wording, indicator code, threshold (percent for a ratio, count otherwise)
CRITERIA = [
    (
        "1.1",
        "Nắm bắt tâm tư, nguyện vọng của từng đoàn viên, thanh niên, kể cả trên mạng xã "
        "hội (Zalo, Facebook, YouTube...)",
        "youth.opinions_answered",
        80,
    ),
    (
        "1.2",
        "Quản lý đoàn viên: danh sách đoàn viên được cập nhật thường xuyên; nhận xét, "
        "đánh giá đoàn viên hằng năm vào sổ đoàn viên; thực hiện đúng quy trình kết nạp, "
        "Chương trình rèn luyện đoàn viên, chuyển sinh hoạt đoàn, trưởng thành đoàn, kỷ luật",
        "members.rated",
        90,
    ),
    (
        "1.3",
        "Rà soát, lập danh sách đoàn viên, thanh niên có hoàn cảnh khó khăn, nhất là thanh "
        "niên dân tộc thiểu số, tôn giáo, thanh niên yếu thế, có kế hoạch giúp đỡ",
        "care.hardship_supported",
        80,
    ),
    (
        "1.4",
        "Tuyên truyền, phổ biến đến từng đoàn viên và lan tỏa trong thanh niên chủ trương "
        "của Đảng, chính sách, pháp luật của Nhà nước, tình hình địa phương và thế giới",
        "dissemination.acknowledged",
        1,
    ),
    (
        "1.5",
        "Chăm lo, bảo vệ quyền và lợi ích hợp pháp, chính đáng của cán bộ, đoàn viên, thanh niên",
        "care.rights_closed",
        80,
    ),
    (
        "2.1",
        "Xây dựng chương trình hành động, kế hoạch công tác cụ thể hóa nghị quyết của cấp "
        "ủy và Đoàn cấp trên",
        "plans.targets_reached",
        80,
    ),
    (
        "2.2",
        "Thực hiện chương trình công tác năm: tổ chức hoạt động, tạo môi trường giáo dục, "
        "rèn luyện thanh niên, công trình, phần việc thanh niên",
        "activities.youth_projects",
        1,
    ),
    ("2.3", "Chỉ đạo chi đoàn sinh hoạt định kỳ", "meetings.branches_every_period", 90),
    (
        "2.4",
        'Xây dựng, phát triển tổ chức, nhất là thực hiện chủ trương "1+1"',
        "building.one_plus_one",
        None,
    ),
    (
        "2.5",
        "Kiểm tra, đánh giá, tự phê bình và phê bình; phát hiện, nhân rộng mô hình, điển "
        "hình tiên tiến",
        "",
        None,
    ),
    (
        "3.1",
        "Tham mưu cấp ủy về cơ chế, nội dung công tác thanh niên và phối hợp giữa các ban, ngành",
        "advisory.proposals_answered",
        50,
    ),
    (
        "3.2",
        "Tham mưu về quy hoạch, đào tạo, bố trí, sử dụng cán bộ Đoàn cơ sở",
        "cadres.trained",
        None,
    ),
    (
        "3.3",
        "Tham mưu giới thiệu đoàn viên ưu tú cho Đảng xem xét kết nạp",
        "cadres.party_introduced",
        None,
    ),
    (
        "3.4",
        "Phối hợp với chính quyền, các ban, ngành, đoàn thể và chi bộ thôn, khu phố thực "
        "hiện nhiệm vụ chính trị",
        "advisory.agreements_acted",
        50,
    ),
    (
        "3.5",
        "Phối hợp với các cơ quan, đơn vị, doanh nghiệp huy động nguồn lực xã hội cho công "
        "tác thanh niên",
        "advisory.resources",
        1,
    ),
]

FRAMEWORKS = [
    # start, end, name, document, pillars
    (
        2018,
        2022,
        'Tiêu chí Đoàn cơ sở "3 chủ động" giai đoạn 2018–2022',
        "Hướng dẫn số 08-HD/TWĐTN-BTC ngày 16/5/2018 của Ban Bí thư Trung ương Đoàn",
        PILLARS_2018,
    ),
    (
        2023,
        2027,
        'Tiêu chí Đoàn cơ sở "3 chủ động" giai đoạn 2023–2027',
        "Hướng dẫn số 18-HD/TWĐTN-BTC ngày 24/5/2023 của Ban Bí thư Trung ương Đoàn",
        PILLARS_2023,
    ),
]


def seed(apps, schema_editor) -> None:
    """Create the central frameworks (issued by the central guidance: no issuing unit)."""
    Framework = apps.get_model("recognition", "Framework")
    Pillar = apps.get_model("recognition", "Pillar")
    Criterion = apps.get_model("recognition", "Criterion")
    for start, end, name, document, pillars in FRAMEWORKS:
        framework, created = Framework.objects.get_or_create(
            issuer=None,
            start_year=start,
            defaults={
                "issuer_path": "",
                "end_year": end,
                "name": name,
                "document": document,
                "rule": "all_pillars",
            },
        )
        if not created:
            continue
        pillar_rows = {
            number: Pillar.objects.create(framework=framework, number=number, title=title)
            for number, title in enumerate(pillars, start=1)
        }
        for order, (code, title, indicator, threshold) in enumerate(CRITERIA, start=1):
            Criterion.objects.create(
                framework=framework,
                pillar=pillar_rows[int(code[0])],
                code=code,
                title=title,
                scoring="met",
                max_points=1,
                indicator_code=indicator,
                threshold=threshold,
                order=order,
            )


# Criteria that had no computed indicator when the tables were first seeded (their
# source apps came later); the threshold stays empty: the guidance sets no figure.
LATER_INDICATORS = {
    "2.4": "building.one_plus_one",
    "3.2": "cadres.trained",
    "3.3": "cadres.party_introduced",
}


def link_later_indicators(apps, schema_editor) -> None:
    """Give the central tables' criteria 2.4, 3.2 and 3.3 their indicator, where no one
    chose another (migration 0007; a fresh database gets them from `CRITERIA`)."""
    Criterion = apps.get_model("recognition", "Criterion")
    for code, indicator in LATER_INDICATORS.items():
        Criterion.objects.filter(
            framework__issuer__isnull=True, code=code, indicator_code=""
        ).update(indicator_code=indicator)


def unseed(apps, schema_editor) -> None:
    Framework = apps.get_model("recognition", "Framework")
    for framework in Framework.objects.filter(issuer__isnull=True, start_year__in=[2018, 2023]):
        if not framework.cycles.exists() and not framework.copies.exists():
            framework.delete()

"""The Charter numbers chudong starts with (domain.md sections 2.2–2.14), each with the
document it comes from. Later versions are issued from the Rules page."""

import datetime

from django.db import migrations

D = datetime.date
RULES = [
    # key, value, valid_from, document, note
    ("membership.min_age", 15, D(2000, 1, 1), "Điều lệ Đoàn (trước 01/01/2011): từ đủ 15 tuổi", ""),
    ("membership.min_age", 16, D(2011, 1, 1), "Hội nghị lần thứ 12 BCH TW Đoàn khóa IX (áp dụng từ 01/01/2011)", ""),
    ("membership.max_age", 30, D(2000, 1, 1), "Điều lệ Đoàn TNCS Hồ Chí Minh", ""),
    ("admission.introducer_min_months", 3, D(2013, 6, 28), "Hướng dẫn 22-HD/TWĐTN, 28/6/2013", ""),
    ("admission.vote_threshold", [1, 2], D(2013, 6, 28), "Hướng dẫn 22-HD/TWĐTN, 28/6/2013", "quá 1/2 số đoàn viên có mặt"),
    ("maturation.age", 30, D(2000, 1, 1), "Điều lệ Đoàn TNCS Hồ Chí Minh", ""),
    ("maturation.max_age_kept", 35, D(2000, 1, 1), "Điều lệ Đoàn TNCS Hồ Chí Minh", ""),
    ("maturation.ceremony_dates", ["26/03", "19/05", "15/10", "22/12"], D(2000, 1, 1), "Thông lệ các tỉnh (ví dụ Tỉnh đoàn Khánh Hòa)", "tham khảo"),
    ("strike_off.absence_months", 3, D(2013, 6, 28), "Hướng dẫn 22-HD/TWĐTN, 28/6/2013, mục V", "trong một năm, không có lý do chính đáng"),
    ("strike_off.far_away_max_months", 12, D(2013, 6, 28), "Hướng dẫn 22-HD/TWĐTN, 28/6/2013, mục V", ""),
    ("discipline.quorum", [2, 3], D(2018, 1, 1), "Điều lệ Đoàn khóa XI; Hướng dẫn 16-HD/TWĐTN-BTC", "ít nhất 2/3 đoàn viên có mặt"),
    ("discipline.vote_threshold", [1, 2], D(2018, 1, 1), "Điều lệ Đoàn khóa XI, Điều 32", "quá 1/2 số có mặt, bỏ phiếu kín"),
    ("discipline.upper_level_from", ["warning", "removal", "expulsion"], D(2018, 1, 1), "Điều lệ Đoàn khóa XI; Hướng dẫn 16-HD/TWĐTN-BTC", "từ cảnh cáo trở lên do cấp trên trực tiếp quyết định"),
    ("dues.monthly_unsalaried", 2000, D(2011, 1, 1), "Nghị quyết 07-NQ/TWĐTN, 25/11/2010", ""),
    ("dues.monthly_salaried", 5000, D(2011, 1, 1), "Nghị quyết 07-NQ/TWĐTN, 25/11/2010", ""),
    ("dues.monthly_abroad", 5000, D(2011, 1, 1), "Nghị quyết 07-NQ/TWĐTN, 25/11/2010", "tối thiểu"),
    ("dues.retained_share", [2, 3], D(2011, 1, 1), "Hướng dẫn thực hiện Điều lệ Đoàn: nguyên tắc thu nộp đoàn phí", "mỗi cấp giữ lại 2/3, nộp lên 1/3"),
    ("dues.exemption_max_months", 6, D(2011, 1, 1), "Hướng dẫn thực hiện Điều lệ Đoàn: nguyên tắc thu nộp đoàn phí", ""),
    ("dues.remittance_schedule", {"branch": "monthly", "grassroots": "quarterly", "upper": "quarterly", "province": "yearly, by 30/12"}, D(2011, 1, 1), "Hướng dẫn thực hiện Điều lệ Đoàn: nguyên tắc thu nộp đoàn phí", ""),
    ("rating.levels", ["excellent", "good", "average", "weak"], D(2011, 5, 12), "Hướng dẫn 57-HD/TWĐTN, 12/5/2011", "xuất sắc, khá, trung bình, yếu kém"),
    ("rating.levels", ["excellent", "good", "completed", "not_completed"], D(2023, 1, 1), "Hướng dẫn 25-HD/TWĐTN-BTC (2023)", "hoàn thành xuất sắc, tốt, hoàn thành, không hoàn thành nhiệm vụ"),
    ("rating.min_months_in_unit", 6, D(2011, 5, 12), "Hướng dẫn đánh giá, xếp loại đoàn viên", "cần đối chiếu HD 25-2023"),
    ("rating.excellent_min_participation", [9, 10], D(2023, 1, 1), "Hướng dẫn 25-HD/TWĐTN-BTC (2023)", "tham gia từ 90% hoạt động"),
    ("meetings.months_between", 1, D(2018, 1, 1), "Hướng dẫn 16-HD/TWĐTN-BTC, điểm 11", "chi đoàn sinh hoạt 01 tháng 01 lần"),
    ("meetings.months_between_dispersed", 3, D(2018, 1, 1), "Hướng dẫn 16-HD/TWĐTN-BTC, điểm 11", "ít nhất 3 tháng 1 lần ở nơi phân tán"),
    ("committee.standing_max_share", [1, 3], D(2000, 1, 1), "Điều lệ Đoàn TNCS Hồ Chí Minh", "BTV không quá 1/3 BCH"),
    ("transfer.deadline_days", 30, D(2018, 1, 1), "Chưa có quy định thống nhất; theo thông lệ", "cần xác nhận theo hướng dẫn của tỉnh"),
    ("card.reissue_decided_by", "direct_upper", D(2025, 7, 1), "Sắp xếp tổ chức Đoàn 2025: cấp trên trực tiếp của cơ sở đoàn", ""),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, value, valid_from, document, note in RULES:
        Rule.objects.update_or_create(
            key=key, unit=None, valid_from=valid_from,
            defaults={"value": value, "document": document, "note": note},
        )


def grant(apps, schema_editor):
    Role = apps.get_model("access", "Role")
    for role in Role.objects.filter(code="central-admin"):
        role.capabilities = sorted(set(role.capabilities) | {"rules.manage"})
        role.save(update_fields=["capabilities"])


def unseed(apps, schema_editor):
    apps.get_model("rules", "Rule").objects.filter(unit=None).delete()
    Role = apps.get_model("access", "Role")
    for role in Role.objects.filter(code="central-admin"):
        role.capabilities = sorted(set(role.capabilities) - {"rules.manage"})
        role.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial"), ("access", "0002_seed_roles")]
    operations = [migrations.RunPython(seed, unseed), migrations.RunPython(grant, migrations.RunPython.noop)]

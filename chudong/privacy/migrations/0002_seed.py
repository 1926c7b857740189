"""Reference data of the privacy app: consent purposes, the register of processing
activities, the 2026 public holidays and the rules it reads. All of it is data: a new
purpose, a new year's holidays or a new retention period is added, never coded."""

import datetime

from django.db import migrations

D = datetime.date
LAW = "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15; Nghị định 356/2025/NĐ-CP"
LAW_EN = "Personal Data Protection Law No. 91/2025/QH15; Decree 356/2025/ND-CP"

PURPOSES = [
    # code, name, name_en, description, description_en, data, data_en, order
    ("ethnicity-religion", "Thống kê đoàn viên theo dân tộc, tôn giáo",
     "Member statistics by ethnicity and religion",
     "Đếm số đoàn viên là người dân tộc thiểu số, có tôn giáo để báo cáo Đoàn cấp trên và "
     "xây dựng chương trình phù hợp. Báo cáo chỉ chứa số lượng, không chứa tên.",
     "Counting members from ethnic minorities and with a religion for reports to the upper "
     "levels and for suitable programmes. Reports hold counts, never names.",
     "dân tộc, tôn giáo", "ethnicity, religion", 10),
    ("health", "Sức khỏe để bố trí hoạt động phù hợp", "Health, to plan suitable activities",
     "Chi đoàn biết tình hình sức khỏe để không giao việc, hoạt động vượt sức và hỗ trợ khi cần.",
     "The branch knows your health so as not to assign tasks beyond your strength, and to "
     "help when needed.", "tình hình sức khỏe", "health", 20),
    ("family", "Hoàn cảnh gia đình trong hồ sơ đoàn viên",
     "Family background in the member's dossier",
     "Ghi thành phần, quan hệ gia đình trong sổ đoàn viên và hồ sơ giới thiệu đoàn viên ưu tú "
     "vào Đảng khi bạn được giới thiệu.",
     "Family background and relations in the member book, and in the dossier when you are "
     "introduced to the Party.",
     "thành phần gia đình, ghi chú về gia đình, quan hệ gia đình",
     "family class background, notes on the family, family relations", 30),
    ("hardship", "Hoàn cảnh khó khăn để được hỗ trợ", "Hardship, to receive support",
     "Ghi nhận hoàn cảnh khó khăn để Đoàn vận động, trao hỗ trợ (học bổng, nhà, việc làm).",
     "Recording hardship so the Union can raise and give support (scholarships, housing, jobs).",
     "hoàn cảnh khó khăn, khoản hỗ trợ đã nhận", "hardship, support received", 40),
    ("opinions", "Ý kiến, tâm tư nguyện vọng gắn với tên", "Opinions and wishes under your name",
     "Ý kiến bạn nêu được ghi kèm tên để trả lời và theo dõi việc giải quyết; tổng hợp gửi cấp "
     "trên không kèm tên.",
     "Opinions you raise are recorded with your name to answer you and follow them up; "
     "summaries sent upwards carry no names.", "ý kiến, kiến nghị", "opinions, proposals", 50),
]

ACTIVITIES = [
    # code, purpose, purpose_en, subjects, subjects_en, categories, categories_en, sensitive,
    # legal_basis, legal_basis_en, retention, retention_en, recipients, recipients_en, where, order
    ("member-register", "Quản lý đoàn viên: hồ sơ, sổ đoàn viên, thẻ đoàn viên, thủ tục theo Điều lệ",
     "Managing members: dossier, member book, card, Charter procedures",
     "Đoàn viên; người được giới thiệu kết nạp", "Members; candidates for admission",
     "Họ tên, ngày sinh, giới tính, quê quán, nơi ở, số CCCD, điện thoại, e-mail, ảnh, học vấn, "
     "nghề nghiệp, quá trình sinh hoạt Đoàn, khen thưởng, kỷ luật",
     "Name, date of birth, sex, hometown, residence, citizen ID, phone, e-mail, photo, education, "
     "occupation, Union history, commendations, discipline",
     False,
     "Điều lệ Đoàn TNCS Hồ Chí Minh và hướng dẫn thi hành; thực hiện nhiệm vụ của tổ chức "
     f"theo quy định ({LAW} — đối chiếu điều khoản về xử lý không cần sự đồng ý)",
     "The Youth Union Charter and its guidance; the organisation's tasks as provided by law "
     f"({LAW_EN} — verify the article on processing without consent)",
     "Trong thời gian là đoàn viên; sau khi rời Đoàn, ẩn danh sau số năm của quy tắc "
     "privacy.retention_years",
     "While a member; after leaving, anonymised after the years of rule privacy.retention_years",
     "Ban Thường vụ, Bí thư chi đoàn và cán bộ Đoàn cấp trên trong phạm vi được phân quyền",
     "The standing committee, branch secretary and upper-level staff within their scope",
     "members, procedures, transfers, ratings, imports", 10),
    ("sensitive", "Dữ liệu nhạy cảm của đoàn viên theo từng mục đích được đồng ý",
     "Members' sensitive data, per consented purpose",
     "Đoàn viên", "Members",
     "Dân tộc, tôn giáo, sức khỏe, thành phần và quan hệ gia đình",
     "Ethnicity, religion, health, family background and relations",
     True,
     f"Sự đồng ý của chủ thể dữ liệu cho từng mục đích ({LAW}); mỗi lần xem được ghi nhật ký",
     f"The data subject's consent per purpose ({LAW_EN}); every read is logged",
     "Đến khi rút lại sự đồng ý hoặc xóa theo yêu cầu; ẩn danh cùng hồ sơ",
     "Until consent is withdrawn or deleted on request; anonymised with the record",
     "Người có quyền members.sensitive tại đơn vị (nhật ký đọc do cán bộ bảo vệ dữ liệu giám sát)",
     "Holders of members.sensitive at the unit (the read log is watched by the data-protection officer)",
     "members (sensitive section), privacy (consents), access (read log)", 20),
    ("care-opinion", "Nắm bắt tâm tư, nguyện vọng; hỗ trợ thanh niên khó khăn; bảo vệ quyền",
     "Youth opinion; support for disadvantaged youth; rights cases",
     "Đoàn viên, thanh niên", "Members and young people",
     "Ý kiến, hoàn cảnh khó khăn, khoản hỗ trợ, nội dung vụ việc",
     "Opinions, hardship, support given, case details",
     True,
     f"Sự đồng ý (với đoàn viên: theo mục đích đã đồng ý); nhiệm vụ của tổ chức ({LAW})",
     f"Consent (for members: per consented purpose); the organisation's tasks ({LAW_EN})",
     "Đến khi vụ việc, khoản hỗ trợ được giải quyết xong và theo quy tắc lưu giữ",
     "Until the case or support is closed, then per the retention rule",
     "Chi đoàn, Đoàn cơ sở; cấp trên nhận số liệu tổng hợp",
     "The branch and grassroots union; upper levels receive aggregate figures",
     "youth, care", 30),
    ("dues-activities", "Thu đoàn phí; điểm danh sinh hoạt, hoạt động; đánh giá, xếp loại",
     "Dues; attendance at meetings and activities; annual rating",
     "Đoàn viên", "Members",
     "Khoản đoàn phí đã đóng, điểm danh, kết quả xếp loại",
     "Dues paid, attendance, rating results",
     False,
     "Điều lệ Đoàn và hướng dẫn về đoàn phí, sinh hoạt chi đoàn, đánh giá đoàn viên",
     "The Charter and its guidance on dues, branch meetings and member rating",
     "Theo hồ sơ đoàn viên", "As the member record",
     "Chi đoàn, Đoàn cơ sở, cấp trên trong phạm vi", "Branch, grassroots union, upper levels in scope",
     "dues, meetings, activities, ratings", 40),
    ("accounts-security", "Tài khoản người dùng, đăng nhập, nhật ký bảo mật",
     "User accounts, sign-in and security logs",
     "Cán bộ Đoàn, đoàn viên có tài khoản", "Union officers and members with an account",
     "Tên đăng nhập, họ tên, e-mail, điện thoại, lịch sử đăng nhập, nhật ký đọc dữ liệu nhạy cảm",
     "Username, name, e-mail, phone, sign-in history, sensitive-data read log",
     False,
     f"Bảo đảm an toàn dữ liệu theo quy định ({LAW})",
     f"Keeping data secure as required ({LAW_EN})",
     "Khi tài khoản còn dùng; nhật ký đọc được giữ để kiểm tra (không bị sửa, xóa)",
     "While the account is in use; the read log is kept for audits (never changed or deleted)",
     "Quản trị hệ thống; cán bộ bảo vệ dữ liệu cá nhân",
     "System administrators; the data-protection officer",
     "accounts, access", 50),
    ("reports", "Báo cáo, thống kê, đánh giá 3 chủ động", "Reports, statistics, 3 chủ động assessment",
     "Đoàn viên (số liệu tổng hợp)", "Members (aggregate figures)",
     "Số lượng theo đơn vị, giới tính, độ tuổi, trạng thái; không có tên",
     "Counts by unit, sex, age, status; no names",
     False,
     "Điều lệ Đoàn và hướng dẫn báo cáo, đánh giá", "The Charter and its reporting guidance",
     "Lâu dài (số liệu không định danh)", "Long term (no personal data)",
     "Đoàn cấp trên", "Upper levels",
     "reports, recognition", 60),
]

HOLIDAYS = [
    # date, name, source
    (D(2026, 1, 1), "Tết Dương lịch", "Bộ luật Lao động 2019, Điều 112"),
    *[(D(2026, 2, day), "Tết Nguyên đán Bính Ngọ",
       "Thông báo của Chính phủ về lịch nghỉ Tết 2026 (đối chiếu văn bản)")
      for day in range(14, 23)],
    (D(2026, 4, 27), "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch rơi vào Chủ nhật 26/4)",
     "Bộ luật Lao động 2019, Điều 112 (đối chiếu thông báo)"),
    (D(2026, 4, 30), "Ngày Chiến thắng", "Bộ luật Lao động 2019, Điều 112"),
    (D(2026, 5, 1), "Ngày Quốc tế Lao động", "Bộ luật Lao động 2019, Điều 112"),
    (D(2026, 9, 1), "Quốc khánh (ngày liền kề)",
     "Bộ luật Lao động 2019, Điều 112 (ngày liền kề: đối chiếu thông báo)"),
    (D(2026, 9, 2), "Quốc khánh", "Bộ luật Lao động 2019, Điều 112"),
]  # fmt: skip

RULES = [
    # key, value, valid_from, document, note
    ("privacy.request_response_working_days", 2, D(2026, 1, 1),
     f"{LAW} (thời hạn phản hồi yêu cầu của chủ thể dữ liệu — đối chiếu văn bản)",
     "Ngày làm việc: không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ"),
    ("privacy.retention_years", 10, D(2026, 1, 1),
     "Quy định lưu giữ của đơn vị vận hành (mặc định của hệ thống)",
     "Sau thời hạn này, hồ sơ người đã rời Đoàn được ẩn danh; không áp dụng cho đoàn viên đang sinh hoạt"),
    ("privacy.retention_statuses",
     ["matured", "struck_off", "expelled", "deceased", "transferred_out"], D(2026, 1, 1),
     "Quy định lưu giữ của đơn vị vận hành (mặc định của hệ thống)",
     "Trưởng thành Đoàn, xóa tên, khai trừ, từ trần, chuyển ra ngoài hệ thống"),
]  # fmt: skip


def seed(apps, schema_editor):
    Purpose = apps.get_model("privacy", "ConsentPurpose")
    Activity = apps.get_model("privacy", "ProcessingActivity")
    Holiday = apps.get_model("privacy", "Holiday")
    Rule = apps.get_model("rules", "Rule")
    for code, name, name_en, desc, desc_en, data, data_en, order in PURPOSES:
        Purpose.objects.update_or_create(
            code=code,
            defaults={"name": name, "name_en": name_en, "description": desc,
                      "description_en": desc_en, "data": data, "data_en": data_en,
                      "order": order, "active": True},
        )  # fmt: skip
    fields = ("purpose", "purpose_en", "subjects", "subjects_en", "categories", "categories_en",
              "sensitive", "legal_basis", "legal_basis_en", "retention", "retention_en",
              "recipients", "recipients_en", "where_in_chudong", "order")  # fmt: skip
    for code, *values in ACTIVITIES:
        Activity.objects.update_or_create(code=code, defaults=dict(zip(fields, values, strict=True)))
    for date, name, source in HOLIDAYS:
        Holiday.objects.update_or_create(date=date, defaults={"name": name, "source": source})
    for key, value, valid_from, document, note in RULES:
        Rule.objects.update_or_create(
            key=key, unit=None, valid_from=valid_from,
            defaults={"value": value, "document": document, "note": note},
        )


def unseed(apps, schema_editor):
    apps.get_model("privacy", "ConsentPurpose").objects.filter(
        code__in=[p[0] for p in PURPOSES], consents__isnull=True
    ).delete()
    apps.get_model("privacy", "ProcessingActivity").objects.filter(
        code__in=[a[0] for a in ACTIVITIES]
    ).delete()
    apps.get_model("privacy", "Holiday").objects.filter(date__in=[h[0] for h in HOLIDAYS]).delete()
    Rule = apps.get_model("rules", "Rule")
    for key, _value, valid_from, _document, _note in RULES:
        Rule.objects.filter(key=key, unit=None, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial"), ("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]

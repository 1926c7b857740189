"""The legal basis of each sensitive field (data): as the register of processing
activities says (row "sensitive": the data subject's consent per purpose), every sensitive
field of the member record, the family relations and hardship rest on consent. In force from
1/7/2023, when Decree 13/2023/ND-CP first required consent for sensitive data (replaced by
Law 91/2025/QH15 and Decree 356/2025/ND-CP from 1/1/2026 with the same requirement), so
that older days are judged too. A unit whose reading of the law differs (e.g. the
Charter's member book for ethnicity) adds a new dated version; no code changes."""

import datetime

from django.db import migrations

FROM = datetime.date(2023, 7, 1)
DOCUMENT = (
    "Nghị định 13/2023/NĐ-CP (từ 01/7/2023); Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và "
    "Nghị định 356/2025/NĐ-CP (từ 01/01/2026) (xử lý dữ liệu "
    "nhạy cảm cần sự đồng ý của chủ thể dữ liệu — đối chiếu văn bản); sổ đăng ký hoạt động "
    "xử lý, dòng «sensitive»"
)
NOTE = "Sự đồng ý của đoàn viên cho mục đích «%s»"
NOTE_EN = "The member's consent for the purpose “%s”"

RULES = [
    # field, label, label_en, purpose code
    ("ethnicity", "Dân tộc", "Ethnicity", "ethnicity-religion"),
    ("religion", "Tôn giáo", "Religion", "ethnicity-religion"),
    ("health", "Tình hình sức khỏe", "Health", "health"),
    ("family_background", "Thành phần gia đình", "Family class background", "family"),
    ("family_notes", "Ghi chú về gia đình", "Notes on the family", "family"),
    ("family", "Quan hệ gia đình", "Family relations", "family"),
    ("hardship", "Hoàn cảnh khó khăn, hỗ trợ", "Hardship and support", "hardship"),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("privacy", "SensitiveFieldRule")
    Purpose = apps.get_model("privacy", "ConsentPurpose")
    for field, label, label_en, code in RULES:
        purpose = Purpose.objects.get(code=code)
        Rule.objects.update_or_create(
            field=field,
            valid_from=FROM,
            defaults={
                "label": label, "label_en": label_en, "basis": "consent", "purpose": purpose,
                "basis_note": NOTE % purpose.name, "basis_note_en": NOTE_EN % purpose.name_en,
                "document": DOCUMENT,
            },
        )  # fmt: skip


def unseed(apps, schema_editor):
    apps.get_model("privacy", "SensitiveFieldRule").objects.filter(
        field__in=[r[0] for r in RULES], valid_from=FROM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0005_sensitive_field_rules")]
    operations = [migrations.RunPython(seed, unseed)]

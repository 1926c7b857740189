"""The legal basis of one more sensitive field (data): "opinions", the youth opinions a
member raised under their name (youth.Opinion with a member, and the member's name beside a
survey's text answer). As the register of processing activities says (row "care-opinion":
for members, consent per purpose), it rests on the member's consent to the purpose
"opinions" (seeded in 0002). Dated like the other fields (0006), from 1/7/2023."""

import datetime

from django.db import migrations

FROM = datetime.date(2023, 7, 1)
FIELD = "opinions"
DOCUMENT = (
    "Nghị định 13/2023/NĐ-CP (từ 01/7/2023); Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và "
    "Nghị định 356/2025/NĐ-CP (từ 01/01/2026) (xử lý dữ liệu "
    "nhạy cảm cần sự đồng ý của chủ thể dữ liệu — đối chiếu văn bản); sổ đăng ký hoạt động "
    "xử lý, dòng «care-opinion»"
)


def seed(apps, schema_editor):
    Rule = apps.get_model("privacy", "SensitiveFieldRule")
    purpose = apps.get_model("privacy", "ConsentPurpose").objects.get(code="opinions")
    Rule.objects.update_or_create(
        field=FIELD,
        valid_from=FROM,
        defaults={
            "label": "Ý kiến, tâm tư nguyện vọng gắn với tên",
            "label_en": "Opinions raised under the member's name",
            "basis": "consent",
            "purpose": purpose,
            "basis_note": "Sự đồng ý của đoàn viên cho mục đích «%s»" % purpose.name,
            "basis_note_en": "The member's consent for the purpose “%s”" % purpose.name_en,
            "document": DOCUMENT,
        },
    )


def unseed(apps, schema_editor):
    apps.get_model("privacy", "SensitiveFieldRule").objects.filter(
        field=FIELD, valid_from=FROM
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0006_seed_sensitive_field_rules")]
    operations = [migrations.RunPython(seed, unseed)]

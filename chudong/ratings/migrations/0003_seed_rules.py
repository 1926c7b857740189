"""Rule versions the annual rating and the Rèn luyện đoàn viên programme read besides the
ones seeded by `rules` (domain.md 2.12 and 2.14). Later versions come from the Rules page."""

import datetime

from django.db import migrations

D = datetime.date
RULES = [
    # key, value, valid_from, document, note
    ("rating.level_labels",
     {"excellent": "Đoàn viên xuất sắc", "good": "Đoàn viên khá",
      "average": "Đoàn viên trung bình", "weak": "Đoàn viên yếu kém"},
     D(2011, 5, 12), "Hướng dẫn 57-HD/TWĐTN, 12/5/2011", ""),
    ("rating.level_labels",
     {"excellent": "Hoàn thành xuất sắc nhiệm vụ", "good": "Hoàn thành tốt nhiệm vụ",
      "completed": "Hoàn thành nhiệm vụ", "not_completed": "Không hoàn thành nhiệm vụ"},
     D(2023, 1, 1), "Hướng dẫn 25-HD/TWĐTN-BTC (2023)", ""),
    ("rating.excellent_requires_training", 0, D(2011, 5, 12), "Hướng dẫn 57-HD/TWĐTN, 12/5/2011", ""),
    ("rating.excellent_requires_training", 1, D(2023, 1, 1), "Hướng dẫn 25-HD/TWĐTN-BTC (2023)",
     "đạt Hoàn thành xuất sắc trong Chương trình rèn luyện đoàn viên"),
    ("training.result_levels", ["excellent", "good", "completed", "not_completed"], D(2018, 6, 20),
     "Hướng dẫn 13-HD/TWĐTN-BTC, 20/6/2018", ""),
    ("training.evaluation_month", {"school": "8", "other": "12"}, D(2018, 6, 20),
     "Hướng dẫn 13-HD/TWĐTN-BTC, 20/6/2018; phần mềm Quản lý đoàn viên (2023)",
     "trường học đánh giá vào tháng 8, sau năm học"),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, value, valid_from, document, note in RULES:
        Rule.objects.update_or_create(
            key=key, unit=None, valid_from=valid_from,
            defaults={"value": value, "document": document, "note": note},
        )


def unseed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, _value, valid_from, _document, _note in RULES:
        Rule.objects.filter(key=key, unit=None, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0002_postgres_paths"), ("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]

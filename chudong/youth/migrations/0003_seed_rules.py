"""The rule the youth opinion register reads besides those seeded by `rules`. Later
versions (or a province's own) come from the Rules page."""

import datetime

from django.db import migrations

RULES = [
    # key, value, valid_from, document, note
    ("youth.opinion_answer_days", 30, datetime.date(2023, 5, 24),
     "Hướng dẫn 18-HD/TWĐTN-BTC, 24/5/2023 (tiêu chí 1.1: nắm bắt tâm tư, nguyện vọng)",
     "Thời hạn mặc định của hệ thống; Tỉnh đoàn có thể ban hành thời hạn riêng"),
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
    dependencies = [("youth", "0002_postgres_paths"), ("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]

"""How long a proposal to the Party committee may wait for a response before it is
flagged (a working rule of the provincial committee; each province may set its own)."""

import datetime

from django.db import migrations

RULES = [
    ("advisory.proposal_response_days", 60, datetime.date(2011, 1, 1),
     "Hướng dẫn thực hiện tiêu chí Đoàn cơ sở 3 chủ động",
     "số ngày chờ cấp ủy phản hồi đề xuất, tham mưu trước khi cảnh báo"),
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
    dependencies = [("advisory", "0002_postgres_paths"), ("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]

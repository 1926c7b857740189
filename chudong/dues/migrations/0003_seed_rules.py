"""The month from which chudong tracks dues (domain.md 2.6): months before it owe nothing.
Each province sets its own from the Rules page when it starts recording dues here."""

import datetime

from django.db import migrations

RULES = [
    ("dues.tracking_from", "01/2026", datetime.date(2011, 1, 1),
     "Quyết định đưa phần mềm chudong vào sử dụng", "tháng bắt đầu theo dõi đoàn phí trên chudong"),
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
    dependencies = [("dues", "0002_postgres_paths"), ("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]

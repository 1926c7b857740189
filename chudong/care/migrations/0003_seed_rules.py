"""Deadlines of rights cases (criterion 1.5), as dated rules a province may override.

No Youth Union text sets them; the defaults follow the State's time limits for citizens'
requests, which the union's handling should not be slower than: a first answer within
10 days (Luật Tiếp công dân 2013, Điều 28: the receiving body answers within 10 days
whether it takes the matter up) and a settlement within 45 days (Luật Khiếu nại 2011,
Điều 28: 30 days, 45 for complex matters)."""

import datetime

from django.db import migrations

D = datetime.date
DOCUMENT = ("Mặc định của chudong, theo Luật Tiếp công dân 2013 (Điều 28) và Luật Khiếu nại "
            "2011 (Điều 28)")
RULES = [
    # key, value, valid_from, document, note
    ("care.rights_first_response_days", 10, D(2014, 7, 1), DOCUMENT,
     "trả lời lần đầu cho người yêu cầu trong 10 ngày"),
    ("care.rights_close_days", 45, D(2014, 7, 1), DOCUMENT,
     "giải quyết xong trong 45 ngày kể từ ngày tiếp nhận"),
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
    dependencies = [("care", "0002_postgres_paths"), ("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]

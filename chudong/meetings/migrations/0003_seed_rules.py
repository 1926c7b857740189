"""The per-kind override of the branch meeting frequency (domain.md 2.11 and 2.13).

`meetings.months_between` (1: monthly) and `meetings.months_between_dispersed` (3: the
longest gap the guidance allows in remote, mountainous or dispersed units) are seeded by
`rules`. This adds `meetings.months_between_by_kind`: {unit kind code: months}. Nationally
it is empty, because no kind of unit is dispersed by nature: a province (or a grassroots
union) whose branches are dispersed issues its own version for its subtree, e.g.
{"branch": 3}. Values above `months_between_dispersed` are capped to it.
"""

import datetime

from django.db import migrations

D = datetime.date
RULES = [
    # key, value, valid_from, document, note
    ("meetings.months_between_by_kind", {}, D(2018, 1, 1), "Hướng dẫn 16-HD/TWĐTN-BTC, điểm 11",
     "cấp tỉnh/cơ sở ban hành cho loại chi đoàn ở nơi phân tán, ví dụ {\"branch\": 3}"),
]  # fmt: skip


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, value, valid_from, document, note in RULES:
        Rule.objects.update_or_create(
            key=key, unit=None, valid_from=valid_from,
            defaults={"value": value, "document": document, "note": note},
        )  # fmt: skip


def unseed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, _value, valid_from, _document, _note in RULES:
        Rule.objects.filter(key=key, unit=None, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_postgres_paths"), ("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]

"""Dated rules of the cycle: the plan registration deadline (days after 1 January; one
city asked for plans before 10/11 of the previous year, most provinces by the end of the
first quarter) and how long a submitted self-assessment may wait for review."""

import datetime

from django.db import migrations

RULES = [
    (
        "recognition.plan_deadline_days",
        90,
        datetime.date(2018, 1, 1),
        "Hướng dẫn xây dựng Đoàn cơ sở 3 chủ động (Tỉnh đoàn)",
        "đăng ký kế hoạch 3 chủ động chậm nhất 90 ngày sau ngày 01/01 (31/3)",
    ),
    (
        "recognition.review_days",
        30,
        datetime.date(2018, 1, 1),
        "Hướng dẫn xây dựng Đoàn cơ sở 3 chủ động (Tỉnh đoàn)",
        "số ngày Đoàn cấp trên thẩm định bản tự đánh giá",
    ),
]


def seed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, value, valid_from, document, note in RULES:
        Rule.objects.update_or_create(
            key=key,
            unit=None,
            valid_from=valid_from,
            defaults={"value": value, "document": document, "note": note},
        )


def unseed(apps, schema_editor):
    Rule = apps.get_model("rules", "Rule")
    for key, _value, valid_from, _document, _note in RULES:
        Rule.objects.filter(key=key, unit=None, valid_from=valid_from).delete()


class Migration(migrations.Migration):
    dependencies = [("recognition", "0003_seed_frameworks"), ("rules", "0002_seed_rules")]
    operations = [migrations.RunPython(seed, unseed)]

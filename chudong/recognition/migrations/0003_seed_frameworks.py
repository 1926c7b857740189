"""The central 3 chủ động criteria tables 2018–2022 and 2023–2027 (domain.md 1.2–1.3)."""

from django.db import migrations

from chudong.recognition.seed import seed, unseed


class Migration(migrations.Migration):
    dependencies = [("recognition", "0002_postgres_paths")]
    operations = [migrations.RunPython(seed, unseed)]

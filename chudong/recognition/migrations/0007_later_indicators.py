from django.db import migrations

from chudong.recognition.seed import link_later_indicators


class Migration(migrations.Migration):
    dependencies = [
        ("recognition", "0006_rollups"),
    ]

    operations = [
        migrations.RunPython(link_later_indicators, migrations.RunPython.noop),
    ]

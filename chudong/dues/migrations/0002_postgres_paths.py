"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
ranges use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("dues", "0001_initial")]

    operations = [
        c_collation("dues_remittance", "from_path", 255),
        c_collation("dues_remittance", "to_path", 255),
        c_collation("dues_duespayment", "unit_path", 255),
        c_collation("dues_duesexemption", "unit_path", 255),
    ]

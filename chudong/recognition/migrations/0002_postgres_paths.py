"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
ranges use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial")]

    operations = [
        c_collation("recognition_cycle", "unit_path", 255),
        c_collation("recognition_indicatorvalue", "unit_path", 255),
        c_collation("recognition_framework", "issuer_path", 255),
        c_collation("recognition_decision", "issuer_path", 255),
    ]

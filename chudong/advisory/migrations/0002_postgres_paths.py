"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
ranges use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("advisory", "0001_initial")]

    operations = [
        c_collation("advisory_resource", "unit_path", 255),
        c_collation("advisory_agreement", "unit_path", 255),
        c_collation("advisory_proposal", "unit_path", 255),
    ]

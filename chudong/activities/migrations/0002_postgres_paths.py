"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
ranges use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [
        c_collation("activities_activity", "unit_path", 255),
        c_collation("activities_participation", "unit_path", 255),
    ]

"""PostgreSQL only: byte-order ("C") collation on the unit path copy, so that subtree
ranges use their B-tree index and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("building", "0001_initial")]

    operations = [c_collation("building_referral", "unit_path", 255)]

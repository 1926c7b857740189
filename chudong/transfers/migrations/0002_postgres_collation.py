"""PostgreSQL only: byte-order ("C") collation on the path copies, so that the subtree
range conditions use their B-tree indexes (as on the unit and member tables)."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("transfers", "0001_initial")]

    operations = [
        c_collation("transfers_transfer", "from_path", 255),
        c_collation("transfers_transfer", "to_path", 255),
        c_collation("transfers_strikeoffcase", "unit_path", 255),
        c_collation("transfers_maturationbatch", "unit_path", 255),
    ]

"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
ranges use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("cadres", "0001_initial")]

    operations = [
        c_collation("cadres_term", "unit_path", 255),
        c_collation("cadres_training", "unit_path", 255),
        c_collation("cadres_evaluation", "unit_path", 255),
        c_collation("cadres_planningentry", "unit_path", 255),
        c_collation("cadres_partyintroduction", "unit_path", 255),
    ]

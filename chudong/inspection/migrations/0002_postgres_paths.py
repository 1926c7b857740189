"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
ranges use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("inspection", "0001_initial")]

    operations = [
        c_collation("inspection_inspectionplan", "unit_path", 255),
        c_collation("inspection_inspection", "unit_path", 255),
        c_collation("inspection_inspection", "subject_path", 255),
        c_collation("inspection_recommendation", "subject_path", 255),
        c_collation("inspection_review", "unit_path", 255),
        c_collation("inspection_exemplary", "unit_path", 255),
        c_collation("inspection_exemplary", "shared_path", 255),
        c_collation("inspection_replication", "unit_path", 255),
    ]

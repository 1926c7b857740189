"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
range conditions use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("procedures", "0001_initial")]

    operations = [
        c_collation("procedures_admissioncase", "unit_path", 255),
        c_collation("procedures_disciplinecase", "unit_path", 255),
        c_collation("procedures_commendation", "unit_path", 255),
        c_collation("procedures_cardreissue", "unit_path", 255),
        c_collation("procedures_honoraryadmission", "unit_path", 255),
    ]

"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
ranges use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_seed")]

    operations = [
        c_collation("privacy_consent", "unit_path", 255),
        c_collation("privacy_subjectrequest", "unit_path", 255),
        c_collation("privacy_anonymisedmember", "unit_path", 255),
    ]

"""PostgreSQL only: byte-order ("C") collation on the unit path copies, so that subtree
ranges use their B-tree indexes and order like on SQLite."""

from django.db import migrations

from chudong.core.migrations_util import c_collation


class Migration(migrations.Migration):
    dependencies = [("youth", "0001_initial")]

    operations = [
        c_collation("youth_youth", "unit_path", 255),
        c_collation("youth_youth", "sort_key", 500),
        c_collation("youth_opinion", "unit_path", 255),
        c_collation("youth_survey", "unit_path", 255),
        c_collation("youth_surveyresponse", "unit_path", 255),
    ]

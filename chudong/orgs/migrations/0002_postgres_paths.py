from django.db import migrations

from chudong.core.migrations_util import c_collation, trigram_index


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]

    operations = [
        c_collation("orgs_unit", "path", 255),
        c_collation("orgs_unit", "sort_key", 500),
        trigram_index("orgs_unit", "name_folded", "orgs_unit_name_trgm"),
    ]

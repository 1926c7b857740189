"""Finer statistics on the member's unit path (PostgreSQL).

The member list of a small province (1 % of the country) was planned from a histogram of
100 buckets: at scale 1 PostgreSQL estimated 137 rows for Lai Châu's 68,000 and sorted
them all (150 ms) instead of walking the name index (20 ms). With 1,000 buckets each
province spans several, and its range is estimated within a few per cent (Lai Châu's first
page 356 → 17 ms at scale 1). A name search's bounded walk does not depend on these
estimates: it tests subtree, status and name through expressions no index serves (with
the finer statistics and a plain status condition, PostgreSQL had walked the status index
for HCM's deep search page, 756 ms).
"""

from django.db import migrations

COLUMNS = ("unit_path", "sort_key")


def finer(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE members_member ALTER COLUMN {column} SET STATISTICS 1000"
        )
    # The new targets count from the next ANALYZE: take it now (about 25 s at 6.5 million
    # members, nothing on an empty table).
    schema_editor.execute(f"ANALYZE members_member ({', '.join(COLUMNS)})")


def default(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in COLUMNS:
        schema_editor.execute(f"ALTER TABLE members_member ALTER COLUMN {column} SET STATISTICS -1")


class Migration(migrations.Migration):
    dependencies = [("members", "0004_count_subtree")]

    operations = [migrations.RunPython(finer, default, elidable=False)]

"""A partial index on the member table holding only incomplete dossiers (current,
not honorary, no admission date, card number or hometown: procedures.selectors.
incomplete_dossier_q), so that the "dossiers incomplete" warning counts a province's few
incomplete rows instead of scanning all its members. It is the procedures' query, so the
index lives here; the members app's model does not declare it."""

from django.db import migrations

CREATE = (
    'CREATE INDEX IF NOT EXISTS "procedures_member_incomplete" ON "members_member" ("unit_path") '
    "WHERE \"status\" IN ('active', 'temporary_elsewhere', 'working_far') "
    'AND NOT "is_honorary" '
    "AND (\"admission_date\" IS NULL OR \"card_number\" IS NULL OR \"hometown\" = '')"
)
DROP = 'DROP INDEX IF EXISTS "procedures_member_incomplete"'


class Migration(migrations.Migration):
    dependencies = [("procedures", "0002_postgres_paths"), ("members", "0002_postgres_collation_trigram")]

    operations = [migrations.RunSQL(CREATE, DROP, elidable=False)]

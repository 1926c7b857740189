"""PostgreSQL only: the name-order index also carries the subtree path, status, folded
name and card number (INCLUDE), so that a name search's bounded walk of the name order
(members.selectors.lists._search_rows) is an index-only scan. SQLite keeps the plain index
of the model."""

from django.db import migrations

from chudong.core.migrations_util import postgres_only

COVERING = (
    'CREATE INDEX "members_sort" ON "members_member" ("sort_key", "id") '
    'INCLUDE ("unit_path", "status", "full_name_folded", "card_number")'
)
PLAIN = 'CREATE INDEX "members_sort" ON "members_member" ("sort_key", "id")'


class Migration(migrations.Migration):
    dependencies = [("members", "0002_postgres_collation_trigram")]

    operations = [
        postgres_only(
            ['DROP INDEX IF EXISTS "members_sort"', COVERING],
            ['DROP INDEX IF EXISTS "members_sort"', PLAIN],
        ),
    ]

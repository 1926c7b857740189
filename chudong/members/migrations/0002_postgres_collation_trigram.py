"""PostgreSQL only: byte-order ("C") collation on the path, sort-key and prefix-searched
columns, so that range conditions and LIKE 'x%' use their B-tree indexes and order like on
SQLite; a trigram index for the accent-insensitive substring search on names."""

from django.db import migrations

from chudong.core.migrations_util import c_collation, trigram_index


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [
        c_collation("members_member", "unit_path", 255),
        c_collation("members_member", "sort_key", 500),
        c_collation("members_member", "phone", 10),
        c_collation("members_member", "card_number", 20),
        c_collation("members_unitmembercount", "unit_path", 255),
        trigram_index("members_member", "full_name_folded", "members_member_name_trgm"),
    ]

"""allauth's conditional unique constraints on EmailAddress, for MySQL/MariaDB.

Neither creates unique constraints with a condition (models.W036), so a
generated column holds the value only when the condition is true (NULLs never
collide) and a unique index on it does the constraint's work:
- unique_verified_email: no two accounts hold the same verified address;
- unique_primary_email: an account has at most one primary address.
Other databases get allauth's own partial indexes; this does nothing there.
Fails if duplicates exist already: resolve them, then migrate again.
"""

from django.db import migrations

FORWARD = """
ALTER TABLE account_emailaddress
    ADD COLUMN kaigon_verified_email VARCHAR(254)
        AS (IF(verified, email, NULL)) STORED,
    ADD COLUMN kaigon_primary_user BIGINT
        AS (IF(`primary`, user_id, NULL)) STORED,
    ADD UNIQUE INDEX account_emailaddress_unique_verified_email
        (kaigon_verified_email),
    ADD UNIQUE INDEX account_emailaddress_unique_primary_email
        (kaigon_primary_user)
"""
BACKWARD = """
ALTER TABLE account_emailaddress
    DROP INDEX account_emailaddress_unique_verified_email,
    DROP INDEX account_emailaddress_unique_primary_email,
    DROP COLUMN kaigon_verified_email,
    DROP COLUMN kaigon_primary_user
"""


def _on_mysql(sql: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "mysql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_avatar"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    # MySQL cannot run DDL inside a transaction.
    operations = [
        migrations.RunPython(_on_mysql(FORWARD), _on_mysql(BACKWARD), atomic=False)
    ]

"""PostgreSQL: footprint_statement partitioned by month on `stored` (FP-1), with a DEFAULT
partition and the partitions of the current and the next two months. SQLite: nothing."""

import datetime as dt

from django.db import migrations

from qashyq.footprint import partitions


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(partitions.PARTITION_TABLE_SQL)
        partitions.partitions_create(cursor, first=dt.datetime.now(dt.UTC).date(), months=3)


class Migration(migrations.Migration):

    dependencies = [
        ('footprint', '0003_statements'),
    ]

    operations = [
        # Reversing 0003 drops the partitioned table with its partitions.
        migrations.RunPython(partition, migrations.RunPython.noop),
    ]

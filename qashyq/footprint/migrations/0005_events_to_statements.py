"""The events recorded before the statement store become Qashyq's own statements, chained
in their streams in the order they were recorded (FP-1)."""

import datetime as dt
import uuid

from django.db import migrations

from qashyq.footprint import chain, partitions, xapi


def events_to_statements(apps, schema_editor):
    Event = apps.get_model("footprint", "Event")
    Stream = apps.get_model("footprint", "Stream")
    Statement = apps.get_model("footprint", "Statement")
    heads = {}  # stream key -> [stream, seq, head]
    batch = []
    for event in Event.objects.order_by("id").iterator(chunk_size=2000):
        key = xapi.own_stream_key(event.actor_id)
        if key not in heads:
            heads[key] = [Stream.objects.create(key=key, seq=0, head=chain.GENESIS), 0, chain.GENESIS]
        state = heads[key]
        columns = xapi.own_columns(
            statement_id=uuid.uuid4(),
            actor_id=event.actor_id,
            verb=event.verb,
            object_type=event.object_type,
            object_id=event.object_id,
            object_name=event.object_name,
            course_id=event.course_id,
            timestamp=event.occurred_at,
            stored=event.recorded_at,
            result=event.result,
            context=event.context,
        )
        state[1] += 1
        state[2] = chain.link(state[2], chain.content_digest(columns))
        batch.append(Statement(stream=state[0], seq=state[1], hash=state[2], **columns))
        if len(batch) >= 2000:
            Statement.objects.bulk_create(batch)
            batch = []
    Statement.objects.bulk_create(batch)
    for stream, seq, head in heads.values():
        Stream.objects.filter(pk=stream.pk).update(seq=seq, head=head)
    first = Statement.objects.order_by("stored").values_list("stored", flat=True).first()
    if first is not None and schema_editor.connection.vendor == "postgresql":
        # The months of the old events get their partitions (out of the DEFAULT one).
        today = dt.datetime.now(dt.UTC).date()
        months = (today.year - first.year) * 12 + today.month - first.month + 1
        with schema_editor.connection.cursor() as cursor:
            partitions.partitions_create(cursor, first=first.date(), months=months)


class Migration(migrations.Migration):

    dependencies = [
        ('footprint', '0004_statement_partitions'),
    ]

    operations = [
        migrations.RunPython(events_to_statements, migrations.RunPython.noop),
    ]

"""Load the classifier of directions of training (CLS-1, Order No. 569) as reference data."""

from django.db import migrations

from qashyq.institutions.classifier import classifier_read, directions_upsert


def load(apps, schema_editor):
    Direction = apps.get_model("institutions", "Direction")
    directions_upsert(Direction, classifier_read())


def unload(apps, schema_editor):
    Direction = apps.get_model("institutions", "Direction")
    classifier = classifier_read()
    Direction.objects.filter(
        classifier_version=classifier.version,
        code__in=[entry.code for entry in classifier.directions],
        programs__isnull=True,
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("institutions", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

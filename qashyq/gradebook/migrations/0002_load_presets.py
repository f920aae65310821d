"""GRD-1: the presets "KZ-2011" and "KZ-current" and the default policy for every
existing institution (new ones get them from `grading_defaults_install`)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from qashyq.gradebook.presets import presets_load


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    institutions = apps.get_model("institutions", "Institution")
    presets_load(
        apps.get_model("gradebook", "GradeScale"),
        apps.get_model("gradebook", "GradeBand"),
        apps.get_model("gradebook", "GradingPolicy"),
        list(institutions.objects.values_list("pk", flat=True)),
    )


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("gradebook", "GradeScale").objects.all().delete()
    apps.get_model("gradebook", "GradingPolicy").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("gradebook", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]

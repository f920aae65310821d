"""Load the rule catalogue (regulations/catalogue/data/*.json): acts and rules (ADR 0015)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from qashyq.regulations.catalogue import catalogue_sync


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    catalogue_sync(apps.get_model("regulations", "LegalAct"), apps.get_model("regulations", "Rule"))


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("regulations", "RulePackItem").objects.all().delete()
    apps.get_model("regulations", "Rule").objects.all().delete()
    apps.get_model("regulations", "LegalAct").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("regulations", "0001_rules_packs_emergency")]

    operations = [migrations.RunPython(load, unload)]

"""Re-load the rule catalogue: LIM-6 of Atyrau 066 (§5.4.3) and Shakarim E042 (§7.7) is
now checked against the approved list of disciplines (evaluator `discipline_list`)
instead of being declarative. `catalogue_sync` updates acts and rules by code in place,
so packs keep their items."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from qashyq.regulations.catalogue import catalogue_sync

LIM6 = ("atyrau-066-2024/5.4.3", "shakarim-e042-2023/7.7")
DECLARATIVE_PARAMETERS = {
    "subjects": [],
    "reason_en": "the list is kept and approved in the distance-learning workflow.",
    "reason_ru": "перечень ведётся и утверждается в модуле дистанционного обучения.",
    "reason_kk": "тізбе қашықтықтан оқыту модулінде жүргізіледі және бекітіледі.",
}


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    catalogue_sync(apps.get_model("regulations", "LegalAct"), apps.get_model("regulations", "Rule"))


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Back to the declarative LIM-6 rules of 0002."""
    apps.get_model("regulations", "Rule").objects.filter(code__in=LIM6).update(
        evaluator="declarative", parameters=DECLARATIVE_PARAMETERS
    )


class Migration(migrations.Migration):
    dependencies = [("regulations", "0004_distance_discipline_lists")]

    operations = [migrations.RunPython(load, unload)]

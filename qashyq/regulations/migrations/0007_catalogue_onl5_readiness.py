"""Re-load the rule catalogue: ONL-5 of Atyrau 066 (§6.9.2) is now checked against the
content readiness that `courses` keeps (evaluator `content_readiness`: the deadline of
5 working days before the period and the readiness act) instead of being declarative.
`catalogue_sync` updates acts and rules by code in place, so packs keep their items."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor

from qashyq.regulations.catalogue import catalogue_sync

ONL5 = ("atyrau-066-2024/6.9.2",)
DECLARATIVE_PARAMETERS = {
    "subjects": ["program"],
    "reason_en": "content readiness acts are not recorded in Qashyq yet.",
    "reason_ru": "акты готовности контента в Qashyq пока не ведутся.",
    "reason_kk": "контенттің дайындық актілері Qashyq-та әзірге жүргізілмейді.",
}


def load(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    catalogue_sync(apps.get_model("regulations", "LegalAct"), apps.get_model("regulations", "Rule"))


def unload(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Back to the declarative ONL-5 rule of 0002."""
    apps.get_model("regulations", "Rule").objects.filter(code__in=ONL5).update(
        evaluator="declarative", parameters=DECLARATIVE_PARAMETERS
    )


class Migration(migrations.Migration):
    dependencies = [("regulations", "0006_rule_evaluator_content_readiness")]

    operations = [migrations.RunPython(load, unload)]

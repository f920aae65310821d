"""Reading the footprint: statements for the LRS and the reports, a person's own actions,
and the verification of the chains and digests (FP-1…FP-4)."""

from qashyq.footprint.selectors.own import footprint_for_actor
from qashyq.footprint.selectors.statements import (
    QUERY_LIMIT,
    activity_definition,
    statement_get,
    statement_render,
    statements_between,
    statements_query,
)
from qashyq.footprint.selectors.verify import (
    chains_verify,
    digests_verify,
    footprint_verify,
    voided_verify,
)
from qashyq.footprint.xapi import agent_key

__all__ = [
    "QUERY_LIMIT",
    "activity_definition",
    "agent_key",
    "chains_verify",
    "digests_verify",
    "footprint_for_actor",
    "footprint_verify",
    "statement_get",
    "statement_render",
    "statements_between",
    "statements_query",
    "voided_verify",
]

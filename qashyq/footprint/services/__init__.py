"""Writing the footprint: Qashyq's own actions, statements other platforms send, the
partitions and the signed digests (FP-1)."""

from qashyq.footprint.services.digests import digest_create, digests_create_due
from qashyq.footprint.services.partitions import partitions_ensure
from qashyq.footprint.services.record import footprint_record, footprint_record_many
from qashyq.footprint.services.store import statements_store

__all__ = [
    "digest_create",
    "digests_create_due",
    "footprint_record",
    "footprint_record_many",
    "partitions_ensure",
    "statements_store",
]

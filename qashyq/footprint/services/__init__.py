"""Writing the footprint: Qashyq's own actions, statements other platforms send, the
partitions and the signed digests (FP-1)."""

from qashyq.footprint.services.record import footprint_record, footprint_record_many
from qashyq.footprint.services.store import statements_store

__all__ = ["footprint_record", "footprint_record_many", "statements_store"]

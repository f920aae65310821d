"""Models of the lrs app: the clients that may call /xapi/, the documents of the
state, activity profile and agent profile resources, and statement attachments."""

from qashyq.lrs.models.attachments import Attachment
from qashyq.lrs.models.clients import Client, ReadScope
from qashyq.lrs.models.documents import Document, DocumentKind

__all__ = ["Attachment", "Client", "Document", "DocumentKind", "ReadScope"]

"""Signed statements (xAPI 1.0.3 Data 2.6).

A signed statement carries a JWS (RFC 7515, compact serialization) as an attachment with the
usageType `http://adlnet.gov/expapi/attachments/signature` and contentType
`application/octet-stream`. The LRS must refuse a malformed signature (400): it decodes the
JWS, checks the algorithm is RS256, RS384 or RS512, checks the payload is the statement as it
was before signing (logically equal to the received one, ignoring what the LRS may set or the
signing added: id, authority, stored, timestamp, version and the signature attachment), and
when the header carries an X.509 certificate chain (`x5c`) verifies the signature with the
first certificate's public key.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any, ClassVar

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.utils.translation import gettext as _

from qashyq.core.errors import DomainError

SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"
SIGNATURE_CONTENT_TYPE = "application/octet-stream"
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "RS256": hashes.SHA256,
    "RS384": hashes.SHA384,
    "RS512": hashes.SHA512,
}
# What the LRS may fill in or change, and what signing adds (Data 2.6, LRS requirements).
_IGNORED = ("id", "authority", "stored", "timestamp", "version", "attachments")
_CONTEXT_ACTIVITIES = frozenset({"parent", "grouping", "category", "other"})


class SignatureInvalid(DomainError):
    """A malformed or wrong statement signature: 400 Bad Request."""

    code: ClassVar[str] = "invalid_signature"
    status: ClassVar[int] = 400


def _b64url(segment: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as error:
        raise SignatureInvalid(_("The JWS is not base64url encoded.")) from error


def _json(raw: bytes, what: str) -> dict[str, Any]:
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise SignatureInvalid(_("The JWS %(part)s is not valid JSON.") % {"part": what}) from error
    if not isinstance(value, dict):
        raise SignatureInvalid(_("The JWS %(part)s is not a JSON object.") % {"part": what})
    return value


def signature_attachments(statement: dict[str, Any]) -> list[dict[str, Any]]:
    """The attachments of a statement that are signatures."""
    return [
        attachment
        for attachment in statement.get("attachments") or []
        if isinstance(attachment, dict) and attachment.get("usageType") == SIGNATURE_USAGE
    ]


def _comparable(statement: dict[str, Any]) -> object:
    comparable = {key: value for key, value in statement.items() if key not in _IGNORED}
    others = [
        attachment
        for attachment in statement.get("attachments") or []
        if not (isinstance(attachment, dict) and attachment.get("usageType") == SIGNATURE_USAGE)
    ]
    if others:
        comparable["attachments"] = others
    return _normalized(comparable)


def _normalized(value: Any, key: str = "") -> Any:  # noqa: ANN401
    """Logical equality: objectType defaults made explicit (an object without one is an
    Activity, an actor an Agent), a lone context activity as a one-element list. Both sides
    of the comparison go through it, so it only has to be consistent."""
    if isinstance(value, list):
        return [_normalized(item, key) for item in value]
    if not isinstance(value, dict):
        return value
    normalized: dict[str, Any] = {}
    for name, item in value.items():
        if name in _CONTEXT_ACTIVITIES and key == "contextActivities":
            items = item if isinstance(item, list) else [item]
            normalized[name] = [_normalized(activity, "object") for activity in items]
        else:
            normalized[name] = _normalized(item, name)
    if key == "object" and "id" in normalized:
        normalized.setdefault("objectType", "Activity")
    if key in ("actor", "instructor", "member", "authority"):
        normalized.setdefault("objectType", "Agent")
    return normalized


def signature_verify(*, statement: dict[str, Any], signature: bytes) -> None:
    """Check the JWS `signature` (the bytes of the signature attachment) against the
    received `statement`; SignatureInvalid when anything is wrong (Data 2.6)."""
    try:
        token = signature.decode("ascii").strip()
    except UnicodeDecodeError as error:
        raise SignatureInvalid(_("The JWS must be in its compact serialization.")) from error
    segments = token.split(".")
    if len(segments) != 3 or not all(segments[:2]):
        raise SignatureInvalid(_("The JWS must be in its compact serialization."))
    header = _json(_b64url(segments[0]), "header")
    payload = _json(_b64url(segments[1]), "payload")
    signed = _b64url(segments[2])
    algorithm = header.get("alg")
    if algorithm not in _HASHES:
        raise SignatureInvalid(_("The JWS algorithm must be RS256, RS384 or RS512."))
    if _comparable(payload) != _comparable(statement):
        raise SignatureInvalid(_("The JWS payload is not the statement that was signed."))
    chain = header.get("x5c")
    if chain is None:
        return
    if not isinstance(chain, list) or not chain or not isinstance(chain[0], str):
        raise SignatureInvalid(_("The JWS x5c header must be a certificate chain."))
    try:
        certificate = x509.load_der_x509_certificate(base64.b64decode(chain[0], validate=True))
    except (binascii.Error, ValueError) as error:
        raise SignatureInvalid(_("The JWS x5c certificate cannot be read.")) from error
    key = certificate.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise SignatureInvalid(_("The JWS x5c certificate does not hold an RSA key."))
    signing_input = f"{segments[0]}.{segments[1]}".encode("ascii")
    try:
        key.verify(signed, signing_input, padding.PKCS1v15(), _HASHES[algorithm]())
    except InvalidSignature as error:
        raise SignatureInvalid(_("The JWS signature does not match its certificate.")) from error

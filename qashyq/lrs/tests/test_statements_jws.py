"""Signed statements (lrs.jws, xAPI 1.0.3 Data 2.6)."""

from __future__ import annotations

import base64
import copy
import datetime as dt
import json
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from qashyq.lrs.jws import (
    SIGNATURE_USAGE,
    SignatureInvalid,
    signature_attachments,
    signature_verify,
)

STATEMENT: dict[str, Any] = {
    "id": "fd41c918-b88b-4b20-a0a5-a4c32391aaa0",
    "actor": {"mbox": "mailto:ann@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/attempted"},
    "object": {"id": "http://example.com/quiz"},
    "context": {"contextActivities": {"parent": {"id": "http://example.com/course"}}},
}
HASHES = {"RS256": hashes.SHA256(), "RS384": hashes.SHA384(), "RS512": hashes.SHA512()}


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


@pytest.fixture(scope="module")
def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def certificate(key: rsa.RSAPrivateKey) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "qashyq test")])
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )


def sign(
    payload: object,
    key: rsa.RSAPrivateKey,
    *,
    alg: str = "RS256",
    cert: x509.Certificate | None = None,
    raw_payload: bytes | None = None,
) -> bytes:
    header: dict[str, Any] = {"alg": alg}
    if cert is not None:
        der = cert.public_bytes(serialization.Encoding.DER)
        header["x5c"] = [base64.b64encode(der).decode("ascii")]
    body = raw_payload if raw_payload is not None else json.dumps(payload).encode("utf-8")
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(body)}"
    hash_algorithm = HASHES.get(alg, hashes.SHA256())
    signature = key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hash_algorithm)
    return f"{signing_input}.{b64url(signature)}".encode("ascii")


def received(statement: dict[str, Any]) -> dict[str, Any]:
    """The statement as the LRS receives it: the signature attachment added, and what the
    LRS may change changed."""
    result = copy.deepcopy(statement)
    result["attachments"] = [
        {
            "usageType": SIGNATURE_USAGE,
            "display": {"en-US": "Signed"},
            "contentType": "application/octet-stream",
            "length": 100,
            "sha2": "0" * 64,
        }
    ]
    result["authority"] = {"mbox": "mailto:lrs@example.com"}
    result["stored"] = "2024-01-01T00:00:00Z"
    result["version"] = "1.0.0"
    return result


@pytest.mark.parametrize("alg", ["RS256", "RS384", "RS512"])
def test_good_signatures_pass_with_and_without_certificate(
    alg: str, key: rsa.RSAPrivateKey, certificate: x509.Certificate
) -> None:
    signature_verify(statement=received(STATEMENT), signature=sign(STATEMENT, key, alg=alg))
    signature_verify(
        statement=received(STATEMENT), signature=sign(STATEMENT, key, alg=alg, cert=certificate)
    )


def test_logical_equivalence_ignores_defaults(key: rsa.RSAPrivateKey) -> None:
    explicit = copy.deepcopy(STATEMENT)
    explicit["actor"]["objectType"] = "Agent"
    explicit["object"]["objectType"] = "Activity"
    explicit["context"]["contextActivities"]["parent"] = [
        {"objectType": "Activity", "id": "http://example.com/course"}
    ]
    signature_verify(statement=received(explicit), signature=sign(STATEMENT, key))


def test_a_changed_statement_is_refused(key: rsa.RSAPrivateKey) -> None:
    changed = copy.deepcopy(STATEMENT)
    changed["verb"]["id"] = "http://adlnet.gov/expapi/verbs/passed"
    with pytest.raises(SignatureInvalid):
        signature_verify(statement=received(changed), signature=sign(STATEMENT, key))


def test_another_algorithm_is_refused(key: rsa.RSAPrivateKey) -> None:
    with pytest.raises(SignatureInvalid):
        signature_verify(statement=received(STATEMENT), signature=sign(STATEMENT, key, alg="HS256"))


def test_a_payload_that_is_not_json_is_refused(key: rsa.RSAPrivateKey) -> None:
    broken = json.dumps(STATEMENT).replace('"', "'", 1).encode()
    with pytest.raises(SignatureInvalid):
        signature_verify(
            statement=received(STATEMENT), signature=sign(None, key, raw_payload=broken)
        )


def test_a_signature_from_another_key_fails_against_the_certificate(
    key: rsa.RSAPrivateKey, certificate: x509.Certificate
) -> None:
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(SignatureInvalid):
        signature_verify(
            statement=received(STATEMENT), signature=sign(STATEMENT, other, cert=certificate)
        )


@pytest.mark.parametrize("token", [b"", b"abc", b"a.b", b"\xff.\xfe.\xfd", b"e30.e30.e30.e30"])
def test_tokens_that_are_not_compact_jws_are_refused(token: bytes) -> None:
    with pytest.raises(SignatureInvalid):
        signature_verify(statement=received(STATEMENT), signature=token)


def test_signature_attachments_picks_the_signature_usage() -> None:
    statement = received(STATEMENT)
    statement["attachments"].append({"usageType": "http://example.com/other"})
    assert signature_attachments(statement) == [statement["attachments"][0]]

"""The institution's Ed25519 key that signs the footprint's daily digests (FP-1).

The key is a PEM file at `settings.FOOTPRINT_SIGNING_KEY` (default
`DATA_DIR/footprint-signing-key.pem`), created with mode 0600 on first use when absent. In
production it is managed like a TLS key: backed up, readable only by the application.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings


def key_path() -> Path:
    return Path(
        getattr(settings, "FOOTPRINT_SIGNING_KEY", settings.DATA_DIR / "footprint-signing-key.pem")
    )


def private_key() -> Ed25519PrivateKey:
    """The signing key, created (0600, never overwritten) when the file does not exist."""
    path = key_path()
    if not path.exists():
        key = Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process created it meanwhile: use theirs
            pass
        else:
            with os.fdopen(descriptor, "wb") as file:
                file.write(pem)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, Ed25519PrivateKey):
        raise TypeError(f"{path} is not an Ed25519 private key")
    return loaded


def public_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def sign(data: bytes) -> tuple[bytes, bytes]:
    """(signature, raw public key) of `data` with the institution's key."""
    key = private_key()
    return key.sign(data), public_bytes(key.public_key())


def signature_valid(*, data: bytes, signature: bytes, public_key: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def digest_hash(*, body: str, signature: bytes) -> str:
    """What the next day's digest names as `previous`: sha256 of this one's body and signature."""
    return hashlib.sha256(body.encode() + signature).hexdigest()

"""The institution's Ed25519 key that signs the footprint's daily digests (FP-1).

The key is a PEM file at `settings.FOOTPRINT_SIGNING_KEY` (default
`DATA_DIR/footprint-signing-key.pem`), created with mode 0600 on first use when absent. In
production it is managed like a TLS key: backed up, readable only by the application.

Rotating it (`key_rotate`, `qashyq footprint rotate-key`) keeps the public half of the old
key in `settings.FOOTPRINT_RETIRED_KEYS` (a directory; files `<day retired>-<fingerprint>.pem`)
and writes a new private key in its place: the old digests still verify against the key
that signed them, and a retired key is trusted only for the days before its retirement, so
whoever holds an old private key cannot sign a later day.
"""

from __future__ import annotations

import datetime as dt
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


def retired_dir() -> Path:
    return Path(
        getattr(settings, "FOOTPRINT_RETIRED_KEYS", settings.DATA_DIR / "footprint-retired-keys")
    )


def fingerprint(public_key: bytes) -> str:
    """A short name of a raw public key: the first 16 hex digits of its sha256."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def _write_new(path: Path, data: bytes) -> None:
    """Write `data` to a file that must not exist yet (mode 0600); leave one that does."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)


def _private_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def private_key() -> Ed25519PrivateKey:
    """The signing key, created (0600, never overwritten) when the file does not exist."""
    path = key_path()
    if not path.exists():  # another process may create it meanwhile: then theirs is used
        _write_new(path, _private_pem(Ed25519PrivateKey.generate()))
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


def retired_keys() -> dict[bytes, dt.date]:
    """The retired public keys (raw) and the day each was retired: a retired key is
    trusted for the digests of the days before that day only."""
    retired: dict[bytes, dt.date] = {}
    folder = retired_dir()
    if not folder.is_dir():
        return retired
    for path in sorted(folder.glob("*.pem")):
        try:
            day = dt.date.fromisoformat(path.name[:10])
            key = serialization.load_pem_public_key(path.read_bytes())
        except ValueError:
            continue  # not a retired key of ours: trusted for nothing
        if isinstance(key, Ed25519PublicKey):
            raw = public_bytes(key)
            retired[raw] = min(day, retired.get(raw, day))
    return retired


def key_rotate(*, today: dt.date) -> tuple[bytes, bytes]:
    """Retire the current key (its public half kept, named by `today` and its fingerprint)
    and put a new private key in its place; return (old, new) raw public keys. The public
    half is written first: a rotation cut short leaves the old key in use, and running it
    again finishes it."""
    old = private_key()
    old_public = public_bytes(old.public_key())
    folder = retired_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{today.isoformat()}-{fingerprint(old_public)}.pem").write_bytes(
        old.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    new = Ed25519PrivateKey.generate()
    path = key_path()
    staged = path.with_name(path.name + ".new")
    staged.unlink(missing_ok=True)
    _write_new(staged, _private_pem(new))
    staged.replace(path)
    return old_public, public_bytes(new.public_key())

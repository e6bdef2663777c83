"""Encryption at rest of sensitive free text (Fernet, from ``cryptography``) and the process keys.

Keys come from settings:
- ``JISR_ENCRYPTION_KEY``: one Fernet key, or several separated by commas (the first encrypts, all
  decrypt: key rotation with ``MultiFernet``). Generate one with
  ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
- ``JISR_SECRET_KEY``: the HMAC key of pseudonymous conversation keys (``services.identity``).

Development: when a key is unset and ``JISR_ENV`` is not ``production``, a key is generated once into
``var/encryption.key`` / ``var/secret.key`` (mode 0600) with a warning, so data stays readable across
restarts. In production a missing key is an error (``RuntimeError``): losing it would make encrypted data
unreadable, so it must be set and backed up deliberately.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

log = logging.getLogger(__name__)

__all__ = ["EncryptedText", "InvalidToken", "get_cipher", "get_secret_key", "reset_keys"]


def _dev_key_file(name: str, make: Callable[[], str]) -> str:
    from services.config import VAR_DIR

    path = Path(VAR_DIR) / name
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(exist_ok=True)
    value = make()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    log.warning("generated a development key in %s; set it explicitly in production", path)
    return value


def _settings() -> Any:
    from services.config import get_settings

    return get_settings()


@lru_cache
def get_cipher() -> MultiFernet:
    """The process cipher (``MultiFernet``) from ``JISR_ENCRYPTION_KEY`` (or the dev key in var/).

    Raises ``RuntimeError`` in production when the key is unset, ``ValueError`` when a key is malformed.
    """
    settings = _settings()
    raw = settings.encryption_key
    if not raw:
        if settings.jisr_env == "production":
            raise RuntimeError("JISR_ENCRYPTION_KEY must be set in production")
        raw = _dev_key_file("encryption.key", lambda: Fernet.generate_key().decode())
    return MultiFernet([Fernet(k.strip().encode()) for k in raw.split(",") if k.strip()])


@lru_cache
def get_secret_key() -> bytes:
    """The HMAC key of pseudonymous conversation keys, from ``JISR_SECRET_KEY`` (or var/secret.key)."""
    settings = _settings()
    raw = settings.secret_key
    if not raw:
        if settings.jisr_env == "production":
            raise RuntimeError("JISR_SECRET_KEY must be set in production")
        raw = _dev_key_file("secret.key", lambda: secrets.token_urlsafe(32))
    return raw.encode()


def reset_keys() -> None:
    """Forget the cached keys (after changing settings, e.g. in tests)."""
    get_cipher.cache_clear()
    get_secret_key.cache_clear()


def encrypt(text: str) -> str:
    """Encrypt ``text`` with the process cipher; returns the Fernet token as ASCII text."""
    return get_cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token made by ``encrypt``; raises ``InvalidToken`` when the key does not match."""
    return get_cipher().decrypt(token.encode("ascii")).decode("utf-8")


class EncryptedText(TypeDecorator):
    """A text column encrypted at rest with the process cipher (Fernet token stored as TEXT).

    Python side: ``str | None``. The database only ever sees ciphertext.
    """

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else encrypt(value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else decrypt(value)

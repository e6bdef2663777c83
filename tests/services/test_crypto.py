"""Keys and encryption at rest: rotation, production refusal, development key files."""

from __future__ import annotations

import stat

import pytest
from cryptography.fernet import Fernet, InvalidToken

from services import crypto
from services.config import get_settings


def _reset(monkeypatch, **env):
    for name in ("JISR_ENCRYPTION_KEY", "JISR_SECRET_KEY", "JISR_ENV"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    crypto.reset_keys()


def test_round_trip_and_rotation(monkeypatch):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    _reset(monkeypatch, JISR_ENCRYPTION_KEY=old)
    token = crypto.encrypt("نحتاج مساعدة — j'ai besoin d'aide")
    assert "مساعدة" not in token and crypto.decrypt(token) == "نحتاج مساعدة — j'ai besoin d'aide"
    _reset(monkeypatch, JISR_ENCRYPTION_KEY=f"{new},{old}")  # rotation: new key first, old still reads
    assert crypto.decrypt(token) == "نحتاج مساعدة — j'ai besoin d'aide"
    fresh = crypto.encrypt("x")
    _reset(monkeypatch, JISR_ENCRYPTION_KEY=new)
    assert crypto.decrypt(fresh) == "x"
    with pytest.raises(InvalidToken):
        crypto.decrypt(token)  # the old key is gone: old data cannot be read


def test_production_requires_keys(monkeypatch):
    _reset(monkeypatch, JISR_ENV="production")
    with pytest.raises(RuntimeError, match="JISR_ENCRYPTION_KEY"):
        crypto.get_cipher()
    with pytest.raises(RuntimeError, match="JISR_SECRET_KEY"):
        crypto.get_secret_key()


def test_development_keys_are_generated_once(monkeypatch, tmp_path, caplog):
    import services.config

    monkeypatch.setattr(services.config, "VAR_DIR", tmp_path / "var")
    _reset(monkeypatch, JISR_ENV="development")
    token = crypto.encrypt("hello")
    secret = crypto.get_secret_key()
    key_file = tmp_path / "var" / "encryption.key"
    assert key_file.exists() and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert "generated a development key" in caplog.text
    crypto.reset_keys()  # a restart reads the same files
    assert crypto.decrypt(token) == "hello" and crypto.get_secret_key() == secret

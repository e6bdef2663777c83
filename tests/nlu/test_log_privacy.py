"""Rasa's logs never contain message text at the default log level (its DEBUG lines would:
``processor.message.parse … parse_data_text=…``)."""

from __future__ import annotations

import secrets

import httpx
import pytest

from nlu import project


def test_rasa_env_never_lets_debug_through(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    assert project.rasa_env()["LOG_LEVEL"] == "INFO"
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    assert project.rasa_env()["LOG_LEVEL"] == "WARNING"
    assert project.rasa_env("debug")["LOG_LEVEL"] == "INFO"


@pytest.mark.rasa
def test_parsed_text_absent_from_rasa_log(
    rasa_service, rasa_starter, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = rasa_service
    started_here = False
    if service.log is None:  # external service (TEST_RASA_URL): start our own to read its log
        service = rasa_starter(tmp_path / "rasa.log")
        started_here = True
    try:
        marker = f"jisrmarker{secrets.token_hex(6)}"
        response = httpx.post(
            f"{service.url}/model/parse", json={"text": f"rajli kaydrebni {marker} f casa"}, timeout=30
        )
        assert response.status_code == 200
        assert marker in response.json()["text"]  # the service did see it
        log = service.log.read_text(errors="replace")
        assert "Rasa server is up and running" in log  # we are reading the right log
        assert marker not in log
        assert "parse_data_text" not in log
    finally:
        if started_here:
            service.stop()

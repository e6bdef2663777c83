#!/usr/bin/env bash
# Creates (or refreshes) both virtual environments, idempotently.
#   .venv       the bot, Python >= 3.11 (installs this project, editable, with dev extras)
#   .venv-rasa  Rasa Open Source 3.6.21 on Python 3.10 (Rasa supports 3.8-3.10 only)
# Interpreters: $PYTHON311 / $PYTHON310, else python3.11 / python3.10 on PATH, else pyenv's.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python() {  # $1 = version (3.11|3.10), $2 = override
  local v="$1" override="$2"
  if [ -n "$override" ]; then echo "$override"; return; fi
  if command -v "python$v" >/dev/null 2>&1 && "python$v" -c 'import sys' >/dev/null 2>&1; then
    command -v "python$v"; return
  fi
  local p
  p=$(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/python"$v" 2>/dev/null | sort -V | tail -n1 || true)
  if [ -n "$p" ]; then echo "$p"; return; fi
  echo "error: Python $v not found; install it (e.g. 'pyenv install $v') or set PYTHON${v/./}" >&2
  exit 1
}

PY311=$(find_python 3.11 "${PYTHON311:-}")
PY310=$(find_python 3.10 "${PYTHON310:-}")

digest() { cat "$@" | sha256sum | cut -d' ' -f1; }
stamp_ok() {  # $1 stamp file, $2.. inputs: true when the stamp records the inputs' current digest
  local stamp="$1"; shift
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(digest "$@")" ]
}

if ! stamp_ok .venv/.jisr-installed pyproject.toml; then
  echo "==> creating .venv (bot, $("$PY311" --version))"
  [ -x .venv/bin/python ] || "$PY311" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[dev]'
  digest pyproject.toml > .venv/.jisr-installed
fi

if ! stamp_ok .venv-rasa/.jisr-installed nlu/requirements-rasa.txt; then
  echo "==> creating .venv-rasa (Rasa 3.6.21, $("$PY310" --version)); this takes a few minutes the first time"
  [ -x .venv-rasa/bin/python ] || "$PY310" -m venv .venv-rasa
  .venv-rasa/bin/python -m pip install -q --upgrade pip
  .venv-rasa/bin/python -m pip install -q -r nlu/requirements-rasa.txt
  digest nlu/requirements-rasa.txt > .venv-rasa/.jisr-installed
fi

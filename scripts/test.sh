#!/usr/bin/env bash
# The test command (`make test`): trains the NLU model if data or config changed, then runs pytest.
# Needs PostgreSQL (TEST_DATABASE_URL, default postgresql://127.0.0.1:5432/test) and Redis
# (TEST_REDIS_URL, default redis://127.0.0.1:6379/0) reachable; extra pytest arguments are passed on.
set -euo pipefail
cd "$(dirname "$0")/.."
# Test-only node packages, pinned by package-lock.json: the Telegram Bot API emulator of tests/channels
# (telegram-test-api) and axe-core (accessibility checks of the browser tests, tests/axe.py).
if [ ! -f tests/channels/node/node_modules/axe-core/axe.min.js ] || [ ! -d tests/channels/node/node_modules/telegram-test-api ] \
   || [ tests/channels/node/package-lock.json -nt tests/channels/node/node_modules ]; then
  (cd tests/channels/node && npm ci --no-audit --no-fund --loglevel=error)
fi
.venv/bin/jisr nlu train
exec .venv/bin/python -m pytest "$@"

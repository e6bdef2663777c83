"""Fixtures of the dialogue tests: the engine over a real PostgreSQL directory (seed centers loaded) and
the real gazetteer. ``conversation_driver`` is THE switch: today the engine directly in menu mode (no
NLU); replace its body with a driver over the REST channel (``bot.app.create_app`` + httpx
ASGITransport + the ``rasa_url`` fixture) to run the same scripts end to end."""

from __future__ import annotations

import pytest

from tests.dialogues.runner import EngineDriver


@pytest.fixture(scope="session")
def directory_database_url(pg_database_factory) -> str:
    """A PostgreSQL database of the dialogue tests' own (tests/services load the session's shared one)."""
    return pg_database_factory()


@pytest.fixture(scope="session")
async def directory_session_factory(directory_database_url):
    """An ``async_sessionmaker`` on a fresh PostgreSQL database of its own (not the session's shared one, which
    tests/services expect to load themselves), migrated, seed directory loaded."""
    from services.db import create_engine, session_factory
    from services.seed import prepare_database

    url = directory_database_url
    await prepare_database(url)
    engine = create_engine(url)
    yield session_factory(engine)
    await engine.dispose()


@pytest.fixture(scope="session")
def flow_engine():
    """The engine over the real flows with one journey threshold (0.65) for every intent: these tests give the engine
    hand-made parses and test its logic; the calibrated per-intent thresholds (``nlu/calibration.json``) are tested
    in ``tests/dialogues/test_thresholds.py`` and, with the trained model, in ``tests/nlu/test_open_world.py``."""
    from dialogues.engine import FlowEngine

    return FlowEngine.load(switch=0.65)


@pytest.fixture(scope="session")
def conversation_driver(flow_engine, directory_session_factory):
    """The driver the conversation scripts run through (see the module docstring)."""
    from dialogues.engine import ActionContext
    from services.config import Settings
    from services.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    settings = Settings()
    return EngineDriver(
        engine=flow_engine,
        ctx_factory=lambda cid: ActionContext(conversation_key=cid, channel="rest", gazetteer=gaz,
                                              session_factory=directory_session_factory, settings=settings),
    )


@pytest.fixture(scope="session")
async def rest_conversation_driver(rasa_url, directory_session_factory):
    """The same scripts end to end: REST channel → pipeline (safety net, real trained Rasa model) → engine
    → seeded PostgreSQL directory."""
    import httpx

    from bot.app import create_app
    from services.config import Settings
    from services.gazetteer import Gazetteer
    from tests.dialogues.runner import RestDriver

    settings = Settings(rasa_url=rasa_url)
    app = create_app(settings, session_factory=directory_session_factory, gazetteer=Gazetteer.default(),
                     mount_console=False)
    async with (httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://jisr.test") as client,
                app.router.lifespan_context(app)):
        yield RestDriver(app, client)


@pytest.fixture(scope="session")
async def nlu_conversation_driver(rasa_url, flow_engine, directory_session_factory):
    """The engine directly, with real parses from the trained model (``nlu.client.NLUClient``)."""
    from dialogues.engine import ActionContext
    from nlu.client import NLUClient
    from services.config import Settings
    from services.gazetteer import Gazetteer

    client = NLUClient(rasa_url)
    gaz, settings = Gazetteer.default(), Settings()
    yield EngineDriver(
        engine=flow_engine, nlu=client,
        ctx_factory=lambda cid: ActionContext(conversation_key=cid, channel="rest", gazetteer=gaz,
                                              session_factory=directory_session_factory, settings=settings),
    )
    await client.aclose()


@pytest.fixture
def ctx():
    """An engine ``ActionContext`` on the REST channel with the real gazetteer (no database)."""
    from dialogues.engine import ActionContext
    from services.gazetteer import Gazetteer

    return ActionContext(conversation_key="engine-test", channel="rest", gazetteer=Gazetteer.default())

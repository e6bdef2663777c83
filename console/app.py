"""The console as a Starlette sub-application, mounted by the bot server at ``/console``.

Usage (in ``bot/app.py``)::

    from console.app import mount
    from console.web import ConsoleDeps
    mount(app, ConsoleDeps(session_factory=sf, channels=registry, set_handoff=pipeline.set_handoff,
                           production=settings.jisr_env == "production"))
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from console import barometer, views_admin, views_auth, views_operator, views_staff  # noqa: F401  (register routes)
from console.web import ROUTES, STATIC_DIR, ConsoleDeps, SecurityHeaders, make_endpoint

MOUNT_PATH = "/console"


def create_console_app(deps: ConsoleDeps) -> Starlette:
    """The console ASGI app (routes of ``console.web.ROUTES`` + ``/static``), with security headers."""
    if deps.secret_key is None:
        from services.crypto import get_secret_key

        deps.secret_key = get_secret_key().decode()
    routes = [Route(spec.path, make_endpoint(spec, deps), methods=list(spec.methods), name=spec.name)
              for spec in ROUTES]
    routes.append(Mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static"))
    app = Starlette(routes=routes, middleware=[Middleware(SecurityHeaders)])
    app.state.console_deps = deps
    return app


def mount(app: Starlette, deps: ConsoleDeps, path: str = MOUNT_PATH) -> Starlette:
    """Mount the console on ``app`` (Starlette or FastAPI) at ``path``; returns the sub-app."""
    console = create_console_app(deps)
    app.mount(path, console, name="console")
    return console

"""CLI commands of this area. ``register(app)`` adds them to the main ``jisr`` Typer app:

- ``jisr users create USERNAME --role operator|staff|admin|analyst [--center ID ...] [--password-stdin]``
- ``jisr users list``
"""

from __future__ import annotations

import asyncio
import getpass
import sys

import typer

users_app = typer.Typer(help="Console accounts (hotline operators, center staff, admins).", no_args_is_help=True)


async def _create(username: str, role: str, centers: list[int], password: str, display_name: str,
                  database_url: str | None) -> int:
    from console.db import upgrade
    from console.users import create_user
    from services.db import create_engine, session_factory

    await upgrade(database_url)
    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db:
            user = await create_user(db, username, password, role, centers, display_name=display_name)
            await db.commit()
            return user.id
    finally:
        await engine.dispose()


async def _list(database_url: str | None) -> list[tuple[str, str, bool, list[int]]]:
    from sqlalchemy import select

    from console.models import ConsoleUser
    from services.db import create_engine, session_factory

    engine = create_engine(database_url)
    try:
        async with session_factory(engine)() as db:
            users = (await db.execute(select(ConsoleUser).order_by(ConsoleUser.username))).scalars().all()
            return [(u.username, u.role, u.is_active, sorted(u.center_ids)) for u in users]
    finally:
        await engine.dispose()


@users_app.command("create")
def create(
    username: str = typer.Argument(..., help="Login name: 2-64 characters a-z 0-9 . _ -"),
    role: str = typer.Option(..., "--role", help="admin | operator | staff | analyst"),
    center: list[int] = typer.Option([], "--center", help="Center id (staff only; repeat for several)"),  # noqa: B008
    display_name: str = typer.Option("", "--name", help="Name shown in the console"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from stdin"),
    database_url: str = typer.Option(None, "--database-url", help="Default: DATABASE_URL or var/jisr.db"),
) -> None:
    """Create a console account (the password is asked for, never passed on the command line)."""
    from console.users import UserError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (10+ characters): ")
        if getpass.getpass("Again: ") != password:
            typer.echo("passwords differ", err=True)
            raise typer.Exit(2)
    try:
        user_id = asyncio.run(_create(username, role, center, password, display_name, database_url))
    except UserError as exc:
        typer.echo(f"error: {exc.code}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"created {role} account {username.lower()} (id {user_id})")


@users_app.command("list")
def list_users(
    database_url: str = typer.Option(None, "--database-url", help="Default: DATABASE_URL or var/jisr.db"),
) -> None:
    """List console accounts: username, role, active, centers."""
    for username, role, active, centers in asyncio.run(_list(database_url)):
        typer.echo(f"{username}\t{role}\t{'active' if active else 'disabled'}\t{','.join(map(str, centers))}")


def register(app: typer.Typer) -> None:
    """Add this area's commands to ``app``."""
    app.add_typer(users_app, name="users")

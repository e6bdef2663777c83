"""Reading and publishing the social barometer: filters, counts per cell, small-cell suppression, the
exported table, waiting-time summaries and the regions' population (rates per 100,000 inhabitants).

Part of the barometer (``services/barometer.py`` records events, ``services/barometer_events.py`` defines
them); everything here is re-exported by ``services.barometer``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from services.barometer_events import DIMENSIONS, KINDS, WAIT_BUCKETS, WAIT_OVER, BarometerEvent, iso_week

DATA_DIR = Path(__file__).resolve().parent / "data"
POPULATION_FILE = DATA_DIR / "population_2024.json"
DEFAULT_MIN_COUNT = 10  # BAROMETER_MIN_COUNT: cells under it are published as "< 10"

# Reading: filters, cells, suppression
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    """What to count: local dates ``since``/``until`` (inclusive; whole ISO weeks), and a need, a variety and
    a channel (None = all)."""

    since: dt.date | None = None
    until: dt.date | None = None
    need: str | None = None
    variety: str | None = None
    channel: str | None = None

    def where(self) -> list[Any]:
        """SQLAlchemy conditions on :class:`BarometerEvent`."""
        c = BarometerEvent
        out = []
        if self.since is not None:
            out.append(c.week >= iso_week(self.since))
        if self.until is not None:
            out.append(c.week <= iso_week(self.until))
        if self.need:
            out.append(c.need == self.need)
        if self.variety:
            out.append(c.variety == self.variety)
        if self.channel:
            out.append(c.channel == self.channel)
        return out


def min_count(settings: Any = None) -> int:
    """``BAROMETER_MIN_COUNT`` (default 10, at least 2)."""
    if settings is None:
        from services.config import get_settings

        settings = get_settings()
    return max(2, int(getattr(settings, "barometer_min_count", DEFAULT_MIN_COUNT) or DEFAULT_MIN_COUNT))


def hidden(k: int) -> str:
    """How a suppressed cell is shown: ``"< 10"`` for ``k`` = 10."""
    return f"< {k}"


def publish(value: int, k: int) -> int | str:
    """A cell's published value: the count, or ``"< k"`` when it is between 1 and ``k - 1`` (0 is 0)."""
    return value if value == 0 or value >= k else hidden(k)


def publish_total(members: Iterable[int], k: int) -> int | str:
    """The published total of cells ``members`` (each published with :func:`publish`): the sum when no member
    is hidden; ``"< k"`` when the sum itself is under ``k``; otherwise ``"≥ N"`` with N = the sum of the
    published members + 1 per hidden member (what anyone can compute from the table already), so that
    subtracting published cells from the total never gives a hidden one."""
    values = [int(m) for m in members]
    total = sum(values)
    if total == 0:
        return 0
    if total < k:
        return hidden(k)
    small = [v for v in values if 0 < v < k]
    if not small:
        return total
    return f"≥ {sum(v for v in values if v >= k) + len(small)}"


def is_hidden(value: int | str) -> bool:
    """True for a value that is not an exact count (``< k`` or ``≥ N``)."""
    return isinstance(value, str)


async def counts(session: Any, by: Sequence[str], filters: Filters = Filters(),
                 kinds: Sequence[str] | None = None) -> dict[tuple, dict[str, int]]:
    """``{dims tuple (in the order of by): {kind: events}}``; each event is one distinct conversation of its
    cell and week (de-duplicated when written)."""
    bad = [d for d in by if d not in DIMENSIONS]
    if bad:
        raise ValueError(f"unknown dimension(s): {', '.join(bad)}")
    c = BarometerEvent
    cols = [getattr(c, d) for d in by]
    where = filters.where()
    if kinds:
        where.append(c.kind.in_(list(kinds)))
    rows = (await session.execute(select(*cols, c.kind, func.count()).where(*where).group_by(*cols, c.kind))).all()
    out: dict[tuple, dict[str, int]] = {}
    for row in rows:
        key = tuple(row[: len(by)])
        out.setdefault(key, {})[row[len(by)]] = int(row[len(by) + 1])
    return out


def _sort_key(key: tuple) -> tuple:
    return tuple((0, v) if isinstance(v, int) else (1, str(v or "")) for v in key)


def export_rows(cells: dict[tuple, dict[str, int]], by: Sequence[str], k: int,
                waits: dict[tuple, list[str]] | None = None) -> tuple[list[str], list[list[Any]]]:
    """The published table: a header (the ``by`` dimensions, one column per kind of :data:`KINDS`, and the
    median and 90th percentile of the danger escalations' waits, seconds) and rows, each count published
    with :func:`publish`; the last row is the total (first column ``total``) published with
    :func:`publish_total`. ``waits``: ``{dims: [wait classes of danger_wait events]}``."""
    columns = [KINDS[kind][0] for kind in KINDS]
    header = [*by, *columns, "danger_wait_median_s", "danger_wait_p90_s"]
    rows: list[list[Any]] = []
    keys = sorted(cells, key=_sort_key)
    for key in keys:
        values = cells[key]
        row: list[Any] = [("" if v is None else v) for v in key]
        row += [publish(values.get(kind, 0), k) for kind in KINDS]
        row += list(wait_summary((waits or {}).get(key, []), k))
        rows.append(row)
    total: list[Any] = ["total"] + [""] * (len(by) - 1) if by else []
    total += [publish_total((cells[key].get(kind, 0) for key in keys), k) for kind in KINDS]
    total += list(wait_summary([w for key in keys for w in (waits or {}).get(key, [])], k))
    rows.append(total)
    return header, rows


def wait_summary(classes: Sequence[str], k: int) -> tuple[int | str, int | str]:
    """(median, 90th percentile) in seconds of waiting-time classes (each the upper bound of its class, so
    "at most"), published only for at least ``k`` conversations (else ``"< k"``, or ``""`` for none).
    ``over`` (beyond 24 h) counts as longer than every class and is shown as ``"> 86400"``."""
    if not classes:
        return "", ""
    if len(classes) < k:
        return hidden(k), hidden(k)
    values = sorted(float("inf") if c == WAIT_OVER else float(c) for c in classes)
    return _quantile(values, 0.5), _quantile(values, 0.9)


def _quantile(values: list[float], q: float) -> int | str:
    """The nearest-rank ``q`` quantile of sorted ``values`` (an ``int`` of seconds, or ``"> 86400"``)."""
    rank = max(1, -(-len(values) * q // 1))  # ceil(n q)
    value = values[int(rank) - 1]
    return f"> {WAIT_BUCKETS[-1]}" if value == float("inf") else int(value)


async def wait_classes(session: Any, by: Sequence[str], filters: Filters = Filters(),
                       kind: str = "danger_wait") -> dict[tuple, list[str]]:
    """``{dims: [wait classes]}`` of the ``kind`` events (``danger_wait`` or ``escalation_wait``)."""
    c = BarometerEvent
    cols = [getattr(c, d) for d in by]
    rows = (await session.execute(select(*cols, c.outcome).where(c.kind == kind, *filters.where()))).all()
    out: dict[tuple, list[str]] = {}
    for row in rows:
        out.setdefault(tuple(row[: len(by)]), []).append(str(row[len(by)]))
    return out


async def export(session: Any, by: Sequence[str] = DIMENSIONS, filters: Filters = Filters(),
                 k: int = DEFAULT_MIN_COUNT) -> tuple[list[str], list[list[Any]]]:
    """:func:`export_rows` of the database's events grouped by ``by`` (default every dimension)."""
    cells = await counts(session, by, filters)
    waits = await wait_classes(session, by, filters)
    for key in waits:
        cells.setdefault(key, {})
    return export_rows(cells, by, k, waits)


# ---------------------------------------------------------------------------------------------------
# Population (for rates per 100,000 inhabitants)
# ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RegionPopulation:
    """A region's population (inhabitants, legal population of the 2024 census) or None when unknown,
    and whether the figure was verified against the official publication."""

    code: int
    population: int | None
    verified: bool


@lru_cache(maxsize=1)
def population() -> dict[int, RegionPopulation]:
    """``{region code: RegionPopulation}`` from ``services/data/population_2024.json`` (its sources are in
    the file; a region without a figure has ``population=None``)."""
    data = json.loads(POPULATION_FILE.read_text(encoding="utf-8"))
    verified = bool(data.get("verified", False))
    return {int(r["code"]): RegionPopulation(int(r["code"]), r.get("population"), bool(r.get("verified", verified)))
            for r in data["regions"]}


def rate_per_100k(count: int, people: int | None) -> float | None:
    """Requests per 100,000 inhabitants (one decimal), None when the population is unknown."""
    if not people:
        return None
    return round(count * 100_000 / people, 1)


def env_min_count() -> int:
    """``BAROMETER_MIN_COUNT`` from the environment without loading the settings (tools, benches)."""
    try:
        return max(2, int(os.environ.get("BAROMETER_MIN_COUNT", DEFAULT_MIN_COUNT)))
    except ValueError:
        return DEFAULT_MIN_COUNT

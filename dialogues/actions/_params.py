"""Typed action parameters: the base model every action's ``Params`` derives from, and the field types the
actions share (a need, a center type code, a locale key, an escalation priority).

A node's ``with:`` is validated against its action's ``Params`` twice: by ``jisr flows check`` (and
``FlowEngine.load``), where a ``$slot`` value is accepted for any field (its value is known only at run time),
and when the action runs, after ``$slot`` values are read (an unset slot leaves the field at its default).
Unknown parameters are refused (``extra="forbid"``).
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from services.center_types import CENTER_TYPES, NEED_PRIORITY

_KEY = re.compile(r"^[a-z][a-z0-9-]*$")
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")


class ActionParams(BaseModel):
    """Base of every action's parameter model: unknown parameters are errors, instances are read-only."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NoParams(ActionParams):
    """The parameters of an action that takes none (any ``with:`` entry is an error)."""


def _need(value: str) -> str:
    if value not in NEED_PRIORITY:
        raise ValueError(f"unknown need {value!r} (known: {', '.join(NEED_PRIORITY)}; services/data/needs.yml)")
    return value


def _center_type(value: str) -> str:
    if value not in CENTER_TYPES:
        raise ValueError(f"unknown center type {value!r} (known: {', '.join(CENTER_TYPES)})")
    return value


def _locale_key(value: str) -> str:
    if not _KEY.match(value):
        raise ValueError(f"locale key {value!r} must be lowercase words joined by hyphens")
    return value


def _code(value: str) -> str:
    if not _CODE.match(value):
        raise ValueError(f"{value!r} must be lowercase ASCII with underscores")
    return value


NeedName = Annotated[str, AfterValidator(_need)]
"""A need of ``services/data/needs.yml`` (``violence``, ``child``…)."""

CenterTypeCode = Annotated[str, AfterValidator(_center_type)]
"""A center type code of ``services/data/needs.yml`` (``EMF``, ``COAPH``…)."""

LocaleKey = Annotated[str, AfterValidator(_locale_key)]
"""A locale key (``referral-consent``)."""

Code = Annotated[str, AfterValidator(_code)]
"""A machine code or slot name (``user_request``, ``trigger_intent``)."""

Priority = Annotated[int, Field(ge=0, le=2)]
"""An escalation priority: 0 = danger/top, 1 = high, 2 = normal."""

"""Reading a service's JSON answer as a stranger's: each value taken only when it has the
expected type, and one clear line when the whole answer is not JSON of the right shape."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from fmcat.errors import SourceError


def parse(body: bytes, service: str, shape: type) -> Any:
    """The JSON ``body`` when it is a ``shape`` (list or dict); SourceError otherwise."""
    try:
        data = json.loads(body)
    except ValueError:
        raise SourceError(f"{service} sent malformed JSON; try again later") from None
    if not isinstance(data, shape):
        raise SourceError(f"{service} sent an answer of the wrong shape; try again later")
    return data


def value(data: Any, key: str) -> Any:
    """``data[key]`` when ``data`` is a JSON object, else None."""
    return data.get(key) if isinstance(data, dict) else None


def table(data: Any, key: str) -> dict[str, Any]:
    """``data[key]`` when both are JSON objects, else an empty one."""
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def array(data: Any, key: str) -> list[Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, list) else []


def count(value: Any) -> int | None:
    """A non-negative integer (a count, a year), else None; ``true`` is not 1."""
    return value if type(value) is int and value >= 0 else None


def text(value: Any) -> str | None:
    """A non-blank string, else None."""
    return value if isinstance(value, str) and value.strip() else None


def iso_date(value: Any) -> dt.date | None:
    """A ``YYYY-MM-DD`` date (or the date of a timestamp), else None."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None

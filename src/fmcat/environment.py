"""Settings read from the environment: numbers, flags and service URLs, each checked.

A malformed value is one error line (UsageError, exit 2) naming the variable, never a
silent default and never a traceback.
"""

from __future__ import annotations

import datetime as dt
import math
import os

from fmcat.errors import UsageError


def env_number(name: str, default: float, *, minimum: float, maximum: float) -> float:
    """``$name`` as a number in ``[minimum, maximum]``, else ``default`` when unset."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not minimum <= value <= maximum:  # NaN fails too
        raise UsageError(f"{name}={raw[:40]!r}: expected a number from {minimum:g} to {maximum:g}")
    return value


def env_flag(name: str, default: bool = True) -> bool:
    """``$name`` as on/off: ``0``, ``false``, ``no`` and ``off`` are off."""
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    return raw not in ("0", "false", "no", "off")


def env_url(name: str, default: str) -> str:
    """``$name`` as a base URL (http or https, with a host), without a trailing slash."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default.rstrip("/")
    from fmcat.validate import url_problem  # only when a URL is set

    problem = url_problem(raw)
    if problem:
        raise UsageError(f"{name}: {problem}")
    return raw.rstrip("/")


def today() -> dt.date:
    """Today's date (UTC), or the day of ``$SOURCE_DATE_EPOCH`` when it is set, so that
    builds and tests can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r}: expected seconds since 1970")
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()

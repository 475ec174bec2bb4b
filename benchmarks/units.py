"""Units and the median, shared by the measuring code and the report (which needs no psutil)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

GiB = 1024 ** 3
MiB = 1024 ** 2


def median(values: Iterable[float]) -> float:
    """The median of `values`; NaN when there are none."""
    values = list(values)
    return statistics.median(values) if values else float("nan")

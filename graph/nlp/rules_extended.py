"""Rules for the extended relations (filled in below)."""

from __future__ import annotations

EXTENDED_RULES: tuple = ()

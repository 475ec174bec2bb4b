"""ActorGraph: a knowledge graph of actors, programmes and agreements, built from news."""

from __future__ import annotations

__version__ = "0.1.0"

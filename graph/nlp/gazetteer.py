"""The curated gazetteer: countries and recurring actors of the domain, as data.

Entries come from ``ontology/countries.yaml`` and ``ontology/gazetteer.yaml``.
They become entity-ruler patterns (label = ontology class, id = entry id) and
lookup tables: names, capitals (for metonymy, "Beijing" as the Chinese state)
and demonyms ("Thai", "Chinese").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml

from graph.resolve import normalise_name
from graph.resources import read_text


@dataclass(frozen=True)
class Entry:
    """One gazetteer entity."""

    id: str
    cls: str
    label: str
    names: tuple[str, ...]
    wikidata: str | None = None
    country: str | None = None
    capital: str | None = None
    capital_names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    media: bool = False


@dataclass
class Gazetteer:
    """Lookup tables over the gazetteer entries."""

    entries: dict[str, Entry] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    cities: dict[str, str] = field(default_factory=dict)

    def lookup(self, name: str) -> Entry | None:
        """The entry whose name normalises like `name`, if any."""
        key = self.by_name.get(normalise_name(name))
        return self.entries.get(key) if key else None

    def country(self, code: str | None) -> Entry | None:
        """The country entry with ISO code `code` (any case)."""
        return self.entries.get(code.lower()) if code else None

    def capital_of(self, name: str) -> Entry | None:
        """The country whose capital is `name` ("Canberra" → Australia)."""
        key = self.capitals.get(normalise_name(name))
        return self.entries.get(key) if key else None

    def demonym_of(self, word: str) -> Entry | None:
        """The country of a demonym ("Thai" → Thailand)."""
        key = self.demonyms.get(normalise_name(word))
        return self.entries.get(key) if key else None

    def city_country(self, name: str) -> str | None:
        """The ISO code (lower case) of the country of a known city, if any."""
        return self.cities.get(_folded(name))

    def by_country(self, country: str, cls: str) -> list[Entry]:
        """Entries of class `cls` that belong to `country` (ISO code, lower case)."""
        return [e for e in self.entries.values() if e.country == country and e.cls == cls]

    def patterns(self) -> list[dict[str, str]]:
        """Entity-ruler phrase patterns: every name (with typographic apostrophes
        too), label = class, id = entry id; capitals (also as "<capital> City") get the label ``Capital``."""
        out = []
        for entry in self.entries.values():
            names = [(entry.cls, n) for n in entry.names]
            for capital in (entry.capital, *entry.capital_names):
                if capital:
                    names.append(("Capital", capital))
                    if not capital.endswith(" City"):
                        names.append(("Capital", f"{capital} City"))  # "Djibouti City", "Panama City"
            for label, name in names:
                for variant in dict.fromkeys((name, name.replace("'", "’"), _spaced(name))):  # "al Shabaab" too
                    out.append({"label": label, "pattern": variant, "id": entry.id})
        return out


def _spaced(name: str) -> str:
    """An Arabic article written apart: "al-Shabaab" → "al Shabaab" (the name itself otherwise)."""
    return name.replace("-", " ", 1) if re.match(r"^(?:al|Al|el|El|ad|Ad|as|As)-\S", name) else name


def _entry(raw: dict[str, Any]) -> Entry:
    names = tuple(str(n) for n in raw.get("names") or [raw["label"]])
    return Entry(
        id=str(raw["id"]), cls=str(raw["class"]), label=str(raw["label"]), names=names,
        wikidata=str(raw["wikidata"]) if raw.get("wikidata") else None,
        country=str(raw["country"]).lower() if raw.get("country") else None,
        capital=str(raw["capital"]) if raw.get("capital") else None,
        capital_names=tuple(str(c) for c in raw.get("capital_names") or ()),
        demonyms=tuple(str(d) for d in raw.get("demonyms") or ()),
        media=bool(raw.get("media", False)),
    )


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load and index the bundled gazetteer (cached)."""
    gaz = Gazetteer()
    for name in ("countries.yaml", "gazetteer.yaml"):
        for raw in yaml.safe_load(read_text(name)):
            entry = _entry(raw)
            gaz.entries[entry.id] = entry
            for n in (entry.label, *entry.names):
                gaz.by_name.setdefault(normalise_name(n), entry.id)
                gaz.by_name.setdefault(normalise_name(_spaced(n)), entry.id)
            for capital in (entry.capital, *entry.capital_names):
                if capital:
                    gaz.capitals.setdefault(normalise_name(capital), entry.id)
            for d in entry.demonyms:
                gaz.demonyms.setdefault(normalise_name(d), entry.id)
    for line in read_text("places.tsv").splitlines():
        if line and not line.startswith("#"):
            name, _, country = line.partition("\t")
            gaz.cities.setdefault(_folded(name), country.lower())
    return gaz


def _folded(name: str) -> str:
    """A city name without accents ("Belém" → "belem"): the city list is ASCII."""
    decomposed = unicodedata.normalize("NFKD", name)
    return normalise_name("".join(c for c in decomposed if not unicodedata.combining(c)))

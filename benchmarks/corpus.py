"""Synthetic news corpora: the bundled articles' sentences, recombined, with new names and numbers.

`make_corpus(n, folder)` writes `n` plain-text articles shaped like the
bundled ones (tests/data/corpus, tests/data/heldout/corpus): a title line, a
dateline ("SUVA, 3 March 2024 - "), paragraphs of two to five sentences, about
the same length. Each article follows one bundled article's paragraphs, swaps
some paragraphs and sentences for others from the whole collection, and then
substitutes, consistently within the article:

- countries (names, capitals and demonyms) by other countries, the most
  newsworthy more often (a Zipf law over a fixed shuffle);
- people, government bodies and organisations by others of the same class,
  from the gazetteer and the gold annotations;
- numbers by numbers of the same size, and years by years shifted a few back.

The generator is deterministic for a given `seed`, and needs no spaCy.

    python -m benchmarks.corpus 1000 benchmarks/.data/corpus-1000
"""

from __future__ import annotations

import argparse
import json
import random
import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "tests" / "data" / "corpus", ROOT / "tests" / "data" / "heldout" / "corpus")
GOLD = (ROOT / "tests" / "data" / "gold", ROOT / "tests" / "data" / "heldout" / "gold")
VERSION = "1"
"""Bump when the generator's output changes, so cached corpora are remade."""

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
_DATELINE = re.compile(r"^[A-Z][A-Z'’ /.\-]+,[^-–—\n]{2,30}\s[-–—]\s*")
_SENTENCE = re.compile(r"(?<=[.!?])[”\"’)]?\s+(?=[“\"‘(]?[A-Z0-9])")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})+(?![\w,]\d)|(?<![\w.,])\d+(?![\w.,]\d)")
_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Source:
    """One bundled article: its title and its paragraphs as lists of sentences."""

    name: str
    title: str
    paragraphs: tuple[tuple[str, ...], ...]


@dataclass
class Vocabulary:
    """What may be substituted: surface form → (class, entry), and the entries of each class."""

    surface: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Name → (kind, entry id); kind is a class, or ``demonym`` / ``capital`` for countries."""
    entries: dict[str, list[str]] = field(default_factory=dict)
    """Class → entry ids (countries ordered by how often they are chosen)."""
    label: dict[str, str] = field(default_factory=dict)
    demonym: dict[str, str] = field(default_factory=dict)
    capital: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] = re.compile("(?!)")
    country_cum_weights: list[float] = field(default_factory=list)
    """Cumulative weights of ``entries["Country"]`` (a Zipf law over their order), for `random.choices`."""


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """A paragraph's sentences (a simple splitter: enough for recombination)."""
    return tuple(s.strip() for s in _SENTENCE.split(paragraph) if s.strip())


def read_source(path: Path) -> Source:
    """A bundled article as title + paragraphs of sentences (dateline and byline dropped)."""
    lines = path.read_text(encoding="utf-8").strip().splitlines()
    title, body = lines[0].strip(), "\n".join(lines[1:]).strip()
    blocks = [b for b in re.split(r"\n\s*\n", body)] if "\n\n" in body else body.splitlines()
    paragraphs = []
    for block in blocks:
        block = _DATELINE.sub("", " ".join(block.split()))
        if len(_WORD.findall(block)) >= 6:
            paragraphs.append(split_sentences(block))
    return Source(path.name, title, tuple(p for p in paragraphs if p))


@lru_cache(maxsize=1)
def load_sources() -> tuple[Source, ...]:
    """Every bundled article, once each (the seeds duplicate two of them)."""
    paths = sorted(p for folder in SOURCES for p in folder.glob("*.txt"))
    return tuple(read_source(p) for p in paths)


def _gold_people() -> set[str]:
    people = set()
    for folder in GOLD:
        for path in folder.glob("*.yaml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for ent in data.get("entities", []):
                if ent.get("type") == "Person":
                    people.update(n for n in ent.get("names", []) if len(n.split()) >= 2 and n[0].isupper()
                                  and not any(w.islower() for w in n.split()))
    return people


@lru_cache(maxsize=1)
def load_vocabulary() -> Vocabulary:
    """Countries, people, bodies and organisations to substitute, from the gazetteer and the gold files."""
    from graph.nlp.gazetteer import load_gazetteer

    vocab = Vocabulary()
    gazetteer = load_gazetteer()
    for entry in gazetteer.entries.values():
        if entry.cls not in {"Country", "Person", "GovernmentBody", "Organization"} or entry.media:
            continue
        if entry.cls == "Country" and not (entry.capital and entry.demonyms):
            continue
        vocab.entries.setdefault(entry.cls, []).append(entry.id)
        vocab.label[entry.id] = entry.label
        for name in entry.names:
            if len(name) > 3 or entry.cls == "Country":
                vocab.surface.setdefault(name, (entry.cls, entry.id))
        if entry.cls == "Country":
            vocab.demonym[entry.id] = entry.demonyms[0]
            vocab.capital[entry.id] = entry.capital or entry.label
            vocab.surface.setdefault(entry.capital or "", ("capital", entry.id))
            for demonym in entry.demonyms:
                vocab.surface.setdefault(demonym, ("demonym", entry.id))
    for name in sorted(_gold_people()):
        if name not in vocab.surface:
            key = f"gold:{name}"
            vocab.entries["Person"].append(key)
            vocab.label[key] = name
            vocab.surface[name] = ("Person", key)
    vocab.surface.pop("", None)
    # Countries the bundled articles are about come first, so they stay the most frequent.
    text = " ".join(" ".join(" ".join(p) for p in s.paragraphs) for s in load_sources())
    rng = random.Random(7)
    countries = vocab.entries["Country"]
    rng.shuffle(countries)
    countries.sort(key=lambda c: -text.count(vocab.label[c]))
    vocab.country_cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(countries))))
    names = sorted(vocab.surface, key=len, reverse=True)
    vocab.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    return vocab


class Substitution:
    """One article's consistent renaming: each entity found maps to one other entity."""

    def __init__(self, vocab: Vocabulary, rng: random.Random) -> None:
        self.vocab, self.rng = vocab, rng
        self.mapping: dict[str, str] = {}
        self.year_shift = rng.randint(-6, 1)
        self.surnames: dict[str, str] = {}

    def _target(self, cls: str, entry: str) -> str:
        if entry not in self.mapping:
            pool = self.vocab.entries[cls]
            if self.rng.random() < 0.3:
                choice = entry
            elif cls == "Country":
                choice = self.rng.choices(pool, cum_weights=self.vocab.country_cum_weights)[0]
            else:
                choice = self.rng.choice(pool)
            self.mapping[entry] = choice
        return self.mapping[entry]

    def _name(self, match: re.Match[str]) -> str:
        kind, entry = self.vocab.surface[match.group()]
        if kind in {"demonym", "capital"}:
            target = self._target("Country", entry)
            return (self.vocab.demonym if kind == "demonym" else self.vocab.capital)[target]
        target = self._target(kind, entry)
        new = self.vocab.label[target]
        if match.group().isupper():
            return "".join(w[0] for w in new.split() if w[0].isupper()) or new
        if kind == "Person":
            old_last, new_last = match.group().split()[-1], new.split()[-1]
            self.surnames.setdefault(old_last, new_last)
        return new

    def _number(self, match: re.Match[str]) -> str:
        raw = match.group()
        value = int(raw.replace(",", ""))
        if 1900 <= value <= 2039 and "," not in raw:
            return str(value + self.year_shift)
        if value <= 31:
            return str(max(1, min(31, value + self.rng.randint(-3, 3)))) if value else raw
        new = max(1, int(round(value * self.rng.uniform(0.4, 2.5), -max(0, len(str(value)) - 2))))
        return f"{new:,}" if "," in raw else str(new)

    def apply(self, text: str) -> str:
        """`text` with entities, numbers and years substituted."""
        text = self.vocab.pattern.sub(self._name, text)
        surnames = {old: new for old, new in self.surnames.items() if old != new and len(old) > 2}
        if surnames:
            pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(surnames, key=len, reverse=True)))
                                 + r")(?!\w)")
            text = pattern.sub(lambda m: surnames[m.group()], text)
        return _NUMBER.sub(self._number, text)


@lru_cache(maxsize=1)
def paragraph_pool() -> tuple[tuple[str, ...], ...]:
    """Every paragraph of every bundled article, the pool articles borrow paragraphs and sentences from."""
    return tuple(p for s in load_sources() for p in s.paragraphs)


def make_article(index: int, seed: int = 0) -> str:
    """The text of synthetic article number `index` (deterministic for `seed`)."""
    rng = random.Random(f"{seed}:{index}")
    sources, vocab, pool = load_sources(), load_vocabulary(), paragraph_pool()
    base = rng.choice(sources)
    paragraphs = []
    for paragraph in base.paragraphs:
        if rng.random() < 0.25:
            paragraph = rng.choice(pool)
        sentences = list(paragraph)
        for i in range(len(sentences)):
            if rng.random() < 0.15:
                sentences[i] = rng.choice(rng.choice(pool))
        paragraphs.append(" ".join(sentences))
    if rng.random() < 0.5 and len(paragraphs) > 3:
        i, j = rng.sample(range(1, len(paragraphs)), 2)
        paragraphs[i], paragraphs[j] = paragraphs[j], paragraphs[i]
    sub = Substitution(vocab, rng)
    title = sub.apply(base.title)
    body = sub.apply("\n\n".join(paragraphs))
    year = 2025 + sub.year_shift
    place = vocab.capital[rng.choices(vocab.entries["Country"], cum_weights=vocab.country_cum_weights)[0]]
    dateline = f"{place.upper()}, {rng.randint(1, 28)} {rng.choice(MONTHS)} {year} - "
    return f"{title}\n\n{dateline}{body}\n"


def make_corpus(n: int, folder: str | Path, *, seed: int = 0) -> list[Path]:
    """Write `n` synthetic articles into `folder` (reused when already made with these settings).

    Returns:
        The article files, in order.
    """
    folder = Path(folder)
    stamp = folder / ".corpus.json"
    settings = {"n": n, "seed": seed, "version": VERSION}
    paths = [folder / f"a{i:06d}.txt" for i in range(n)]
    if stamp.is_file() and json.loads(stamp.read_text()) == settings and all(p.is_file() for p in paths):
        return paths
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for i, path in enumerate(paths):
        path.write_text(make_article(i, seed), encoding="utf-8")
    stamp.write_text(json.dumps(settings))
    return paths


def count_words(texts: list[str]) -> int:
    """Whitespace-separated words, the unit of the words/s figures."""
    return sum(len(t.split()) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="articles to write")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = make_corpus(args.n, args.folder, seed=args.seed)
    words = count_words([p.read_text(encoding="utf-8") for p in paths])
    print(f"{len(paths)} articles, {words:,} words in {args.folder}")


if __name__ == "__main__":
    main()

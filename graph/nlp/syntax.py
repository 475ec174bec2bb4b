"""Dependency-structure helpers: who does what to whom in a clause.

Pure functions over spaCy tokens (English, ClearNLP labels as produced by
en_core_web_sm). They know nothing about entities or relations.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Token

SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj"}
RELATIVE_PRONOUNS = {"which", "who", "that", "whom", "whose"}
CLAUSE_DEPS = {"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "pcomp", "parataxis", "csubj"}


def conjuncts(tok: Token) -> list[Token]:
    """`tok` and the tokens coordinated with it ("China, Laos and Thailand")."""
    out = [tok]
    for c in tok.conjuncts:
        if c not in out:
            out.append(c)
    return sorted(out, key=lambda t: t.i)


def own_conjuncts(tok: Token) -> list[Token]:
    """Like `conjuncts`, following only conj links downward from `tok`."""
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj":
            out.extend(own_conjuncts(child))
    return out


def is_passive(verb: Token) -> bool:
    """Whether `verb` is in the passive voice ("was turned down by")."""
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children):
        return True
    if any(c.dep_ == "nsubj" for c in verb.children):
        return False  # "a memorandum that X and Y signed": active, whatever the parser's label
    return verb.tag_ == "VBN" and (verb.dep_ in {"acl", "advcl"} or any(c.dep_ == "agent" for c in verb.children)) \
        and not any(c.dep_ == "aux" and c.lower_ in {"has", "have", "had"} for c in verb.children)


def children(tok: Token, *deps: str) -> list[Token]:
    """The children of `tok` with one of the dependency labels `deps`."""
    return [c for c in tok.children if c.dep_ in deps]


def prep_objects(tok: Token, *preps: str) -> list[Token]:
    """Objects of prepositions attached to `tok` ("with China" → China), coordinated too."""
    out = []
    for prep in tok.children:
        if prep.dep_ in {"prep", "agent", "dative"} and prep.lower_ in preps:
            for obj in prep.children:
                if obj.dep_ in {"pobj", "pcomp"}:
                    out.extend(conjuncts(obj))
    return out


def particle(verb: Token) -> str:
    """The particle of a phrasal verb ("turned down" → "down"), or ""."""
    for c in verb.children:
        if c.dep_ == "prt":
            return c.lower_
    return ""


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The subject tokens of `verb`, inherited through control, coordination and
    relative clauses ("refused to enter" → the subject of "refused")."""
    if depth > 4:
        return []
    own = [c for c in verb.children if c.dep_ in {"nsubj", "csubj"}]
    # "foreign ministers meeting in Suva declined": the parser makes the participle the subject
    own = [next((g for g in s.children if g.dep_ == "nsubj"), s) if s.pos_ == "VERB" else s for s in own]
    if own:
        out = []
        for s in own:
            out.extend(conjuncts(s) if s.lower_ not in RELATIVE_PRONOUNS else [])
            if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                out.extend(conjuncts(verb.head))
        return out
    if verb.dep_ == "xcomp" and verb.head.pos_ == "VERB" and is_passive(verb.head):
        return passive_subjects(verb.head)  # "Oman is expected to sign …": Oman signs
    if verb.dep_ in {"xcomp", "conj", "advcl", "pcomp"} and verb.head.pos_ in {"VERB", "AUX"}:
        return subjects(verb.head, depth + 1)
    if verb.dep_ == "pcomp" or (verb.dep_ in {"xcomp", "acl"} and verb.head.pos_ in {"ADP", "SCONJ"}):
        return subjects(verb.head.head, depth + 1)
    if verb.dep_ == "relcl" and not is_passive(verb):
        return conjuncts(verb.head)
    return []


def passive_subjects(verb: Token) -> list[Token]:
    """The grammatical subjects of a passive verb (its logical objects)."""
    own = [c for c in verb.children if c.dep_ == "nsubjpass"]
    out = []
    for s in own:
        if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            out.extend(conjuncts(verb.head))
        else:
            out.extend(conjuncts(s))
    if not out and verb.dep_ in {"acl", "relcl"} and verb.tag_ == "VBN":
        out.extend(conjuncts(verb.head))
    if not out and verb.dep_ == "conj":
        return passive_subjects(verb.head)
    if not out and verb.dep_ == "xcomp":
        return subjects(verb.head)  # "officers are to be trained by …"
    return out


def agents(verb: Token) -> list[Token]:
    """The "by" agents of a passive verb."""
    return prep_objects(verb, "by")


def objects(verb: Token) -> list[Token]:
    """Direct objects (coordinated too); for a passive verb, its grammatical subjects."""
    if is_passive(verb):
        return passive_subjects(verb)
    out = []
    for c in verb.children:
        if c.dep_ in {"dobj", "attr"} and c.lower_ not in RELATIVE_PRONOUNS:
            out.extend(conjuncts(c))
        elif c.dep_ in {"dobj"} and c.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            out.extend(conjuncts(verb.head))
    # "the agreement China had concluded": the antecedent is the object.
    # Not "December, when X and Y met" or "Ankara, where they met": those relatives are adverbs.
    if not out and verb.dep_ == "relcl" and any(
            c.dep_ == "nsubj" and c.lower_ not in RELATIVE_PRONOUNS for c in verb.children) and not any(
            c.dep_ == "advmod" and c.lower_ in {"when", "where", "why", "how", "whereby"} for c in verb.children):
        out.extend(conjuncts(verb.head))
    return out


def governors(verb: Token) -> Iterator[Token]:
    """The verbs (and nouns) that govern `verb`'s clause, innermost first."""
    cur = verb
    for _ in range(8):
        if cur.head == cur:
            return
        cur = cur.head
        yield cur


def negated(tok: Token) -> bool:
    """Whether `tok` (a verb) is negated ("did not sign", "never signed")."""
    return any(c.dep_ == "neg" or c.lower_ in {"never", "no longer"} for c in tok.children)


def aux_words(verb: Token) -> list[str]:
    """Auxiliaries and modals of `verb`, lower case."""
    return [c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}]


def nearest_clause_tokens(verb: Token) -> list[Token]:
    """The tokens of `verb`'s own clause, without nested clauses."""
    out = []
    stack = [verb]
    while stack:
        cur = stack.pop()
        out.append(cur)
        for c in cur.children:
            if c.dep_ in {"ccomp", "advcl", "relcl", "parataxis"} or (c.dep_ == "conj" and c.pos_ in {"VERB", "AUX"}):
                continue
            stack.append(c)
    return sorted(out, key=lambda t: t.i)


PARTITIVE_WORDS = {"most", "many", "some", "all", "several", "half", "majority", "bulk", "part", "share",
                   "thousands", "hundreds", "dozens", "millions", "scores", "tens"}


def partitive_whole(tok: Token) -> Token:
    """"most of the attacks" → "attacks"; other tokens are themselves."""
    if tok.lower_ in PARTITIVE_WORDS:
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj
    return tok

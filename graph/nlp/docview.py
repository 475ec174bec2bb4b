"""A per-document view of a parsed `Doc`, computed once and shared by every rule.

spaCy makes a new `Token` object at each step of a walk over a `Doc` or a `Span`, and
each string attribute (`lemma_`, `pos_`, …) is a lookup in the vocabulary. The rules
walk the whole document many times; this view makes the tokens and their strings once,
as plain lists indexed by token position, so each walk reads lists instead.
"""

from __future__ import annotations

from functools import cached_property

from spacy.attrs import DEP, LEMMA, LOWER, POS, TAG
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc, Span, Token


class DocView:
    """One document's tokens and their string attributes, each computed on first use."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    @cached_property
    def tokens(self) -> list[Token]:
        """The tokens, made once (so the same object stands for a position in every walk)."""
        return list(self.doc)

    @cached_property
    def text(self) -> str:
        """The parsed text (`Doc.text` joins every token's text each time it is read)."""
        return self.doc.text

    @cached_property
    def texts(self) -> list[str]:
        return [t.text for t in self.tokens]

    @cached_property
    def pos(self) -> list[str]:
        return [POS_NAMES[p] for p in self._column(POS)]

    @cached_property
    def lemma(self) -> list[str]:
        return self._strings(LEMMA)

    @cached_property
    def lower(self) -> list[str]:
        return self._strings(LOWER)

    @cached_property
    def tag(self) -> list[str]:
        return self._strings(TAG)

    @cached_property
    def dep(self) -> list[str]:
        return self._strings(DEP)

    @cached_property
    def sents(self) -> list[Span]:
        """The sentences, in order."""
        return list(self.doc.sents)

    @cached_property
    def sent_index(self) -> list[int]:
        """The number of each token's sentence (`Token.sent` finds the sentence anew each time)."""
        out: list[int] = []
        for n, sent in enumerate(self.sents):
            out.extend([n] * (sent.end - sent.start))
        return out

    def sent_of(self, i: int) -> Span:
        """The sentence of token `i` (the same span as `doc[i].sent`)."""
        return self.sents[self.sent_index[i]]

    def _column(self, attr: int) -> list[int]:
        return list(self.doc.to_array(attr).tolist())

    def _strings(self, attr: int) -> list[str]:
        return list(map(self.doc.vocab.strings.__getitem__, self._column(attr)))

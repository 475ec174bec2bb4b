"""A per-document view of a parsed `Doc`, computed once and shared by every rule.

spaCy makes a new `Token` object at each step of a walk over a `Doc` or a `Span`, and
each string attribute (`lemma_`, `pos_`, …) is a lookup in the vocabulary. The rules
walk the whole document many times; this view makes the tokens and their strings once,
as plain lists indexed by token position, so each walk reads lists instead.
"""

from __future__ import annotations

from functools import cached_property

from spacy.attrs import DEP, ENT_TYPE, IDX, LEMMA, LOWER, POS, SENT_START, TAG
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
    def ent_type(self) -> list[str]:
        """Each token's entity label ("" outside entities)."""
        return self._strings(ENT_TYPE)

    @cached_property
    def idx(self) -> list[int]:
        """The character offset of each token."""
        return self._column(IDX)

    def char_offsets(self, start: int, end: int) -> tuple[int, int]:
        """The character offsets of the tokens `start:end` (not empty), as `doc[start:end]` has them."""
        return self.idx[start], self.idx[end - 1] + len(self.texts[end - 1])

    def span_text(self, start: int, end: int) -> str:
        """The text of the tokens `start:end` (not empty), as `doc[start:end].text` has it."""
        first, last = self.char_offsets(start, end)
        return self.text[first:last]

    @cached_property
    def ents(self) -> tuple[Span, ...]:
        """The named entities (`Doc.ents` makes its spans anew each time it is read)."""
        return tuple(self.doc.ents)

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

    @cached_property
    def sent_start(self) -> list[bool]:
        """Whether each token starts a sentence (`Token.is_sent_start`)."""
        return [s == 1 for s in self._column(SENT_START)]

    def sent_of(self, i: int) -> Span:
        """The sentence of token `i` (the same span as `doc[i].sent`)."""
        return self.sents[self.sent_index[i]]

    @cached_property
    def sent_texts(self) -> list[str]:
        """The text of each sentence (the same string as `Span.text`, cut from the document's text)."""
        return [self.text[s.start_char:s.end_char] for s in self.sents]

    def sent_text_of(self, i: int) -> str:
        """The text of token `i`'s sentence."""
        return self.sent_texts[self.sent_index[i]]

    def _column(self, attr: int) -> list[int]:
        return list(self.doc.to_array(attr).tolist())

    def _strings(self, attr: int) -> list[str]:
        return list(map(self.doc.vocab.strings.__getitem__, self._column(attr)))

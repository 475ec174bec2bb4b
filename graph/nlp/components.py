"""spaCy components of the pipeline, registered in one place.

``news_sentences`` runs before the parser: a line break always ends a
sentence (headlines and paragraphs are separate units in news text). The
parser respects these boundaries and finds the others itself.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("news_sentences")
def news_sentences(doc: Doc) -> Doc:
    """Mark sentence starts after line breaks."""
    starts: set[int] = set()
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if ("\n" in prev.text or "\n" in prev.whitespace_) and not tok.is_space:
            starts.add(tok.i)
    for i in starts:
        doc[i].is_sent_start = True
    return doc

"""The rules for the four core relations (trains, signedWith, rejected, cites), in the
order they run. Each rule is a function (Context, sentence) → iterator of `Found`; cue
words come from cues.yaml, argument structure from graph.nlp.syntax, entities from
graph.nlp.discourse.Resolver.
"""

from __future__ import annotations

from graph.nlp.rules_cites import (
    cites_according,
    cites_document,
    cites_document_by,
    cites_media,
    cites_report_verb,
)
from graph.nlp.rules_rejected import (
    rejected_adjective,
    rejected_control,
    rejected_follow,
    rejected_negated,
    rejected_verb,
    rejected_void,
)
from graph.nlp.rules_signed import signatories_together, signed_have, signed_nominal, signed_verb
from graph.nlp.rules_trains import (
    trains_course,
    trains_gerund_misparse,
    trains_nominal,
    trains_offer,
    trains_receive,
    trains_study,
    trains_verb,
)

CORE_RULES = (
    trains_verb, trains_gerund_misparse, trains_receive, trains_study, trains_course, trains_offer, trains_nominal,
    signed_verb, signed_nominal, signed_have,
    rejected_verb, rejected_control, rejected_negated, rejected_adjective, rejected_void, rejected_follow,
    cites_according, cites_report_verb, cites_media, cites_document, cites_document_by,
)
POST_RULES = (signatories_together,)

"""The rules for the extended relations (leads, metWith, participatedIn, heldIn, locatedIn,
publishedBy, launched, partOf, targets, investsIn), in the order they run.

Same shape as graph/nlp/rules_core.py: (Context, sentence) → `Found`s. Unnamed groups do not
take part in extended relations: "the leaders of five republics attended" names no one an
analyst could follow.
"""

from __future__ import annotations

from graph.nlp.rules_actions import invests_in, targets
from graph.nlp.rules_initiatives import launched, part_of, published_by
from graph.nlp.rules_leads import leads_government, leads_title, leads_verb
from graph.nlp.rules_meetings import (
    met_talks,
    met_verb,
    participated_at,
    participated_gathered,
    participated_verb,
    participated_where,
)
from graph.nlp.rules_places import held_in, located_in

EXTENDED_RULES = (
    leads_title, leads_government, leads_verb,
    met_verb, met_talks,
    participated_verb, participated_at, participated_gathered, participated_where,
    held_in, located_in,
    published_by, launched, part_of,
    targets, invests_in,
)

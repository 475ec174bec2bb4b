"""Which side a party acts for: a body and its state, a minister and theirs, a secretary
general and the organisation he leads are one side, and do not sign with or meet each other."""

from __future__ import annotations

from graph.nlp.mentions import DocEntities
from graph.nlp.roles import Role


def same_side(ents: DocEntities, roles: dict[str, list[Role]], a: str, b: str) -> bool:
    """Whether parties `a` and `b` (entity keys) act for one side."""
    return a in _organisations(roles, b) or b in _organisations(roles, a) or bool(
        states(ents, roles, a) & states(ents, roles, b))


def _organisations(roles: dict[str, list[Role]], key: str) -> set[str]:
    return {role.org for role in roles.get(key, []) if role.org}


def states(ents: DocEntities, roles: dict[str, list[Role]], key: str) -> set[str]:
    """The states (ISO codes) a party is or acts for, when known."""
    ent = ents.entities[key]
    codes = {ent.gazetteer_id if ent.cls == "Country" else ent.country}
    codes |= {role.country for role in roles.get(key, []) if not role.former}
    if ent.cls != "Country":  # "Pirro Vengu of Albania"
        for _, end in ent.spans:
            if end + 1 < len(ents.doc) and ents.doc[end].lower_ == "of":
                state = ents.at(end + 1)
                codes.add(state.gazetteer_id if state is not None and state.cls == "Country" else None)
    return {c for c in codes if c}

"""Rules for `leads`: titles ("Chinese President Xi Jinping"), appositions, "X's government",
"X heads Y"."""

from __future__ import annotations

from collections.abc import Iterator

from graph.nlp.arguments import (
    entity_keys,
)
from graph.nlp.mentions import LocalEntity
from graph.nlp.relations import Context, Found, Sentence
from graph.nlp.roles import (
    HEAD_TITLES,
    PARTY_TITLES,
    Role,
    apposition_role,
    possessor_role,
    title_before,
)
from graph.nlp.syntax import (
    children,
    objects,
    prep_objects,
    subjects,
)

MINISTRY_WORDS = {"foreign": {"foreign"}, "interior": {"interior", "internal", "home"},
                  "internal": {"interior", "internal", "home"}, "home": {"home", "interior", "internal"},
                  "defence": {"defence", "defense"}, "defense": {"defence", "defense"}}



# --- leads ----------------------------------------------------------------------------

def leads_title(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Chinese President Xi Jinping", "Wang Xiaohong, China's minister for public security",
    "Kiribati's acting police commissioner, Eeri Aritiera", "CCP General Secretary Xi"."""
    for ent in list(ctx.ents.entities.values()):
        if ent.cls != "Person":
            continue
        for start, end in ent.spans:
            if not (sent.start <= start < sent.end) or end - start < 1:
                continue
            span = ctx.doc[start:end]
            for role in (title_before(ctx.ents, span), apposition_role(ctx.ents, span), possessor_role(ctx.ents, span)):
                if role is None or role.former:
                    continue
                target, inferred = _led_by(ctx, ent, role)
                if target is not None:
                    yield Found("leads.title", "leads", [ent.key], [target], span.root, inferred=inferred,
                                check_modality=False)


def _led_by(ctx: Context, person: LocalEntity, role: Role) -> tuple[str | None, bool]:
    """What a role makes its holder lead: a state, a ministry, a police force, a party."""
    title = role.title
    if role.org and title in PARTY_TITLES | HEAD_TITLES | {"secretary", "president", "director", "governor", "commander",
                                                         "chief", "commissioner", "director general",
                                                         "director-general", "chief executive"}:
        return role.org, False
    if title in HEAD_TITLES or title == "leader":
        code = role.country or person.country
        inferred = code is None
        code = code or ctx.resolver.focal
        key = ctx.resolver.country_key(code) if code else None
        if key is None and role.country and role.country_token is not None:
            key = _state_named_by(ctx, role.country, role.country_token)
        return key, inferred
    if "minister" in title or title == "secretary":
        country = role.country or person.country or _sentence_country(ctx, person)
        body = _ministry(ctx, role, country) or _gazetteer_ministry(ctx, role, country)
        return body, False
    if "commissioner" in title or ("police" in role.portfolio and title.split()[-1] in {
            "chief", "general", "inspector", "head", "director"}):
        country = role.country or person.country or _sentence_country(ctx, person) or ctx.resolver.focal
        return _police(ctx, Role(role.title, country=country)), False
    return None, False


def _state_named_by(ctx: Context, code: str, token: int) -> str | None:
    """The state a demonym in a title names ("Australian Prime Minister"), as a mention."""
    entry = ctx.ents.gaz.country(code)
    if entry is None:
        return None
    return ctx.ents.add(token, token + 1, "Country", ctx.doc[token].text, entry=entry)


def _gazetteer_ministry(ctx: Context, role: Role, country: str | None) -> str | None:
    """"China's Minister of Public Security" → the gazetteer's Ministry of Public Security,
    as a mention of it."""
    if not country or not role.portfolio:
        return None
    wanted = f"ministry of {role.portfolio}"
    for entry in ctx.ents.gaz.by_country(country, "GovernmentBody"):
        if any(n.lower() == wanted for n in (entry.label, *entry.names)):
            return ctx.ents.add(0, 0, "GovernmentBody", entry.label, entry=entry)
    return None


def _sentence_country(ctx: Context, person: LocalEntity) -> str | None:
    """The country named nearest before a person in the sentence of their first mention."""
    start = min(s for s, _ in person.spans)
    sent = ctx.doc[start].sent
    for i in range(start - 1, sent.start - 1, -1):
        ent = ctx.ents.at(i)
        if ent is not None and ent.cls == "Country":
            return ent.country
    return None


def _ministry(ctx: Context, role: Role, country: str | None) -> str | None:
    wanted = set(role.portfolio.split())
    for word in list(wanted):
        wanted |= MINISTRY_WORDS.get(word, set())
    if not wanted:
        return None
    for ent in ctx.ents.entities.values():
        if ent.cls != "GovernmentBody" or not any(w in n.lower() for n in ent.names for w in (
                "ministry", "department", "secretariat", "office")):
            continue
        if ent.country and ent.country != country:
            continue
        words_in = {w for n in ent.names for w in n.lower().replace("'s", "").split()}
        if wanted & words_in:
            return ent.key
    return None


def _police(ctx: Context, role: Role) -> str | None:
    for ent in ctx.ents.entities.values():
        if ent.cls == "GovernmentBody" and any(w in ent.label.lower() for w in ("police", "constabulary")) \
                and (role.country is None or ent.country == role.country):
            return ent.key
    return None


def leads_government(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"Giorgia Meloni's government", "Marape's government", "Napat's coalition"."""
    for tok in sent.with_lemma({"government", "coalition", "administration", "cabinet"}):
        for poss in children(tok, "poss"):
            person = ctx.ents.at(poss.i)
            if person is None or person.cls != "Person":
                continue
            code = person.country or ctx.resolver.focal
            key = ctx.resolver.country_key(code) if code else None
            if key is not None:
                yield Found("leads.government", "leads", [person.key], [key], tok, inferred=person.country is None,
                            check_modality=False)


HEAD_NOUNS = {"president", "head", "chief", "director", "chairman", "chairwoman", "chair", "leader",
              "secretary-general", "commander", "commissioner"}


def leads_verb(ctx: Context, sent: Sentence) -> Iterator[Found]:
    """"X, who heads the Y", "X leads Y", "X serves as president of Y"."""
    for tok in sent.with_pos("VERB", "AUX"):
        if tok.lemma_ in {"serve", "act", "be"}:
            roles = prep_objects(tok, "as") + [c for c in tok.children if c.dep_ == "attr"]
            targets = [o for r in roles if r.lemma_.lower() in HEAD_NOUNS for o in prep_objects(r, "of")]
        elif tok.lemma_ in {"head", "lead", "chair", "run", "command", "govern"}:
            targets = objects(tok)
        else:
            continue
        subs, r1 = entity_keys(ctx, subjects(tok), "party", {"Person"})
        objs, r2 = entity_keys(ctx, targets, "party", {"Country", "GovernmentBody", "Organization",
                                                        "PoliticalParty"})
        objs = [o for o in objs if ctx.ents.entities[o].named]
        if subs and objs:
            yield Found("leads.verb", "leads", subs, objs, tok, resolved=r1 or r2)

"""Named questions: headers, parameters, and the exact answers on the tiny dataset."""

from __future__ import annotations

from dataclasses import replace

import pytest

from graph.cli import cli
from graph.errors import QueryError
from graph.query import display, result_labels
from graph.questions import Param, ask, list_questions, load_question, parse_question

P1, P2 = "China to train Pacific police", "Wang Xiaohong meets Pacific ministers"
S_TRAIN = "China will train 300 Fijian police officers this year, the Ministry of Public Security said."
S_FIJI = "Fiji signed a policing agreement with China in 2011."
S_THAI = "Thailand cancelled a plan to conduct joint patrols with Chinese police, according to Reuters."
S_2700 = "China has trained 2,700 foreign officers, Wang said."
S_SI = "The Solomon Islands signed a security pact with China in 2022."
S_WANG = "Wang Xiaohong, China's minister of public security, met Fiji's police commissioner in Beijing."
PATROLS = "plan to conduct joint patrols with Chinese police"

# Every named question, with parameters and the rows it must give (labels shown, "" unbound).
ANSWERS = {
    "who-trains-whom": [
        ({}, [("China", "Fijian police officers", "300", "2024", "Planned", "Ministry of Public Security", P1),
              ("China", "foreign officers", "2700", "", "Completed", "Wang Xiaohong", P2)]),
        ({"trainee": "FOREIGN OFFICERS"}, [("China", "foreign officers", "2700", "", "Completed", "Wang Xiaohong", P2)]),
        ({"trainer": "Fiji"}, []),
    ],
    "agreements-of": [
        ({"country": "fiji"}, [("Fiji", "China", "policing agreement", "2011", "Completed", P1)]),
        ({"country": "China"}, [("China", "Fiji", "policing agreement", "2011", "Completed", P1),
                                ("China", "Solomon Islands", "", "2022", "Completed", P2)]),
        ({}, [("China", "Fiji", "policing agreement", "2011", "Completed", P1),
              ("Fiji", "China", "policing agreement", "2011", "Completed", P1),
              ("China", "Solomon Islands", "", "2022", "Completed", P2),
              ("Solomon Islands", "China", "", "2022", "Completed", P2)]),
    ],
    "rejections": [
        ({}, [("Thailand", PATROLS, "cancel", "Cancelled", "", P1)]),
        ({"actor": "China"}, []),
    ],
    "cited-for": [
        ({"source": "reuters"}, [("Reuters", P1, "cites", "Reuters", S_THAI, P1, "2024-03-03"),
                                 ("Reuters", "Thailand", "rejected", PATROLS, S_THAI, P1, "2024-03-03")]),
        ({"source": "Wang"}, [("Wang Xiaohong", "China", "trains", "foreign officers", S_2700, P2, "2024-05-12")]),
        ({}, [("Ministry of Public Security", "China", "trains", "Fijian police officers", S_TRAIN, P1, "2024-03-03"),
              ("Reuters", P1, "cites", "Reuters", S_THAI, P1, "2024-03-03"),
              ("Reuters", "Thailand", "rejected", PATROLS, S_THAI, P1, "2024-03-03"),
              ("Wang Xiaohong", "China", "trains", "foreign officers", S_2700, P2, "2024-05-12")]),
    ],
    "sources-of": [
        ({"subject": "China", "predicate": "signedWith", "object": "Solomon Islands"},
         [("China", "signedWith", "Solomon Islands", P2, "2024-05-12", "tiny2.txt", "0.9", S_SI)]),
        ({"subject": "China", "predicate": "ag:trains"},
         [("China", "trains", "Fijian police officers", P1, "2024-03-03", "tiny1.txt", "0.8", S_TRAIN),
          ("China", "trains", "foreign officers", P2, "2024-05-12", "tiny2.txt", "0.8", S_2700)]),
        ({"subject": "Thailand", "object": "China"}, []),
    ],
    "corroborated": [  # no fact of the two articles is stated by both (see the test with a third)
        ({}, []),
        ({"predicate": "signedWith"}, []),
    ],
    "timeline": [
        ({}, [("2011", "Fiji", "signedWith", "China", "", "Completed", P1),
              ("2022", "Solomon Islands", "signedWith", "China", "", "Completed", P2),
              ("2024", "China", "trains", "Fijian police officers", "300", "Planned", P1)]),
        ({"entity": "Fiji", "to": "2020"}, [("2011", "Fiji", "signedWith", "China", "", "Completed", P1)]),
        ({"from": "2022", "to": "2022-12"},
         [("2022", "Solomon Islands", "signedWith", "China", "", "Completed", P2)]),
    ],
    "partners": [
        ({}, [("China", "4", "2"), ("Fijian police officers", "1", "1"), ("foreign officers", "1", "1"),
              ("Solomon Islands", "1", "1"), ("Fiji", "1", "1")]),
        ({"relation": "signedWith", "limit": "2"}, [("China", "2", "2"), ("Solomon Islands", "1", "1")]),
    ],
    "facts-about": [
        ({"entity": "solomon islands"},
         [("Solomon Islands", "signedWith", "China", "subject", S_SI, P2, P2, "2024-05-12", "tiny2.txt", "0.9", "",
           "2022", "Completed", "", "210", "272")]),
        ({"entity": "Wang"},
         [("Wang Xiaohong", "leads", "Ministry of Public Security", "subject", S_WANG, P2, P2, "2024-05-12",
           "tiny2.txt", "0.7", "", "", "", "", "62", "156"),
          ("China", "trains", "foreign officers", "source", S_2700, P2, P2, "2024-05-12", "tiny2.txt", "0.8",
           "2700", "", "Completed", "Wang Xiaohong", "157", "209")]),
    ],
    "documents": [
        ({}, [(P1, "2024-03-03", "tiny1.txt", "4"), (P2, "2024-05-12", "tiny2.txt", "3")]),
        ({"offset": "1"}, [(P2, "2024-05-12", "tiny2.txt", "3")]),
    ],
    "entities": [
        ({"type": "country"}, [("China", "Country", "2"), ("Fiji", "Country", "2"),
                               ("Solomon Islands", "Country", "1"), ("Thailand", "Country", "1")]),
        ({"type": "Agreement", "limit": "1"}, [(PATROLS, "Agreement", "1")]),
    ],
}
CASES = [(name, params, rows) for name, cases in ANSWERS.items() for params, rows in cases]


def shown(source, result) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
    labels = result_labels(source, result)
    return [tuple(display(labels, v) for v in row) for row in result.rows]


def test_questions_every_question_is_tested() -> None:
    assert sorted(ANSWERS) == [q.name for q in list_questions()]


@pytest.mark.parametrize(("name", "params", "rows"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_questions_answer_on_tiny_dataset(tiny_dataset, name: str, params: dict, rows: list) -> None:  # type: ignore[no-untyped-def]
    assert shown(tiny_dataset, ask(tiny_dataset, name, params)) == rows


def test_questions_corroborated_counts_distinct_documents(tiny_extractions) -> None:  # type: ignore[no-untyped-def]
    from graph.api import assemble

    second = tiny_extractions[1]
    copy = replace(second, article=replace(second.article, id="tiny3.txt"))
    ds = assemble([*tiny_extractions, copy], second.model)
    assert shown(ds, ask(ds, "corroborated")) == [
        ("Wang Xiaohong", "leads", "Ministry of Public Security", "2", "2024-05-12", "2024-05-12"),
        ("China", "signedWith", "Solomon Islands", "2", "2024-05-12", "2024-05-12"),
    ]
    assert shown(ds, ask(ds, "corroborated", {"predicate": "signedWith"})) == [
        ("China", "signedWith", "Solomon Islands", "2", "2024-05-12", "2024-05-12"),
    ]
    assert not ask(ds, "corroborated", {"min_documents": 3}).rows


@pytest.mark.parametrize("question", list_questions(), ids=lambda q: q.name)
def test_questions_headers_describe_every_parameter(question) -> None:  # type: ignore[no-untyped-def]
    assert question.description and not question.description.endswith(".")
    for p in question.params:
        assert p.description, f"{question.name}: {p.name} has no description"
        assert f"?{p.name}" in question.text or p.name in {"limit", "offset"}


@pytest.mark.parametrize(("line", "param"), [
    ('# param: country = "" (entity: label or alias; empty for all)', Param("country", "entity", "", "label or alias; empty for all")),
    ("# param: limit = 50 (rows per page)", Param("limit", "integer", 50, "rows per page")),
    ('# param: name = "a \\"b\\"" (text: quoted)', Param("name", "text", 'a "b"', "quoted")),
    ("# param: entity (entity: required)", Param("entity", "entity", None, "required")),
    ("# param: n = 2 (integer >= 2: at least two)", Param("n", "integer", 2, "at least two", 2)),
])
def test_questions_parse_param_lines(line: str, param: Param) -> None:
    question = parse_question("x", f"# description: X\n{line}\nSELECT * WHERE {{ }}")
    assert question.params == (param,)


@pytest.mark.parametrize(("text", "message"), [
    ("SELECT * WHERE { }", "x.rq: no '# description: …' line at the top; add one"),
    ("# description: X\n# param: limit 50\nSELECT * WHERE { }", "x.rq: cannot read '# param: limit 50'"),
    ("# description: X\n# param: n = 1 (integer >= 2: n)\nSELECT * WHERE { }",
     "x.rq: n's default 1 is below its least value 2"),
])
def test_questions_parse_refuses_bad_headers(text: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("*", r"\*")):
        parse_question("x", text)


@pytest.mark.parametrize(("name", "params", "message"), [
    ("who-trains", {}, "no named question 'who-trains'; did you mean who-trains-whom?"),
    ("who-trains-whom", {"country": "China"}, "who-trains-whom has no parameter 'country'; it takes trainer, trainee, limit, offset"),
    ("who-trains-whom", {"trainer": "Chna"}, "no entity is labelled 'Chna' (labels and aliases, any case); near matches: China"),
    ("who-trains-whom", {"limit": "ten"}, "who-trains-whom: limit must be a whole number, not 'ten'"),
    ("who-trains-whom", {"limit": "0"}, "who-trains-whom: limit must be at least 1"),
    ("sources-of", {"predicate": "funds"}, "sources-of: predicate must be one of trains, signedWith,"),
    ("timeline", {"from": "May 2022"}, "timeline: from must be a date like 2024, 2024-05 or 2024-05-12, not 'May 2022'"),
    ("entities", {"type": "Ship"}, "entities: type must be one of Country, GovernmentBody,"),
    ("facts-about", {}, "facts-about needs entity"),
    ("corroborated", {"min_documents": "1"}, "corroborated: min_documents must be at least 2"),
])
def test_questions_refuse_bad_names_and_values(tiny_dataset, name: str, params: dict, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QueryError) as error:
        ask(tiny_dataset, name, params)
    assert str(error.value).startswith(message)


def test_questions_entity_accepts_an_iri(tiny_dataset) -> None:  # type: ignore[no-untyped-def]
    result = ask(tiny_dataset, "agreements-of", {"country": "https://w3id.org/actorgraph/id/wd/q685"})
    assert shown(tiny_dataset, result) == [("Solomon Islands", "China", "", "2022", "Completed", P2)]


def test_questions_cli_list_has_one_line_each(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["ask", "--list"])
    lines = result.output.splitlines()
    assert result.exit_code == 0
    assert [line.split()[0] for line in lines] == [q.name for q in list_questions()]
    assert lines[-1] == ("who-trains-whom  Who trains whom, with quantities, dates and status (oldest document "
                         "first, then by place in the document) [trainer, trainee, limit=50, offset=0]")


@pytest.mark.parametrize(("args", "code", "output"), [
    (["who-trains-whom", "-p", "trainee=fijian police officers", "--format", "csv"], 0,
     ("trainer,trainee,quantity,date,status,source,document\n"
     f"China,Fijian police officers,300,2024,Planned,Ministry of Public Security,{P1}\n")),
    (["timeline", "--param", "limit=1", "--format", "tsv"], 0,
     f"date\tsubject\tpredicate\tobject\tquantity\tstatus\tdocument\n2011\tFiji\tsignedWith\tChina\t\tCompleted\t{P1}\n"),
    (["who-trains-whom", "-p", "trainer"], 2,
     ("Usage: cli ask [OPTIONS] [NAME] [GRAPH]\nTry 'cli ask --help' for help.\n\n"
     "Error: Invalid value for --param: 'trainer' is not KEY=VALUE (e.g. country=China)\n")),
    (["nope"], 1, "Error: no named question 'nope'; list them with `kg ask --list`\n"),
    (["agreements-of", "-p", "country=Atlantis"], 1,
     "Error: no entity is labelled 'Atlantis' (labels and aliases, any case); no label is close either\n"),
])
def test_questions_cli_ask(runner, tiny_trig, args: list[str], code: int, output: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["ask", args[0], str(tiny_trig), *args[1:]])
    assert (result.exit_code, result.output) == (code, output)


def test_questions_cli_prints_the_sparql(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(cli, ["ask", "rejections", "--sparql"])
    assert (result.exit_code, result.output) == (0, load_question("rejections").text.rstrip() + "\n")


@pytest.mark.slow
@pytest.mark.parametrize("question", list_questions(), ids=lambda q: q.name)
def test_questions_answer_on_seeds(seeds_trig, question) -> None:  # type: ignore[no-untyped-def]
    from graph.stores import MemoryStore

    store = MemoryStore.from_file(seeds_trig)
    params = {"entity": "Solomon Islands"} if question.name == "facts-about" else {}
    result = ask(store, question.name, params)
    assert result.columns and len(result.rows) >= 1
    assert all(any(v is not None for v in row) for row in result.rows)


def _joins(node) -> list[bool]:  # type: ignore[no-untyped-def]
    from rdflib.plugins.sparql.parserutils import CompValue

    if not isinstance(node, CompValue):
        return []
    own = [bool(node["lazy"])] if node.name == "Join" else []
    return own + [j for key in ("p", "p1", "p2") if key in node for j in _joins(node[key])]


@pytest.mark.parametrize("question", list_questions(), ids=lambda q: q.name)
def test_questions_rdflib_joins_stay_lazy(question) -> None:  # type: ignore[no-untyped-def]
    """rdflib evaluates a join of joins eagerly (a cross product): keep one join per group
    in what `ask` sends (a window's sub-SELECT alone, then the page with its rows in its place)."""
    from rdflib import URIRef

    from graph.query import bind_values, prepare
    from graph.questions import keep_lines, place_bindings, window_page, window_span

    bound = {p.name: "x" for p in question.params if p.kind not in {"integer"}}
    text = keep_lines(question.text, bound)
    sent = [place_bindings(text, bound)]  # where `ask` puts them
    if (span := window_span(text)) is not None:
        page = window_page(text, span, bound, ["group"], [(URIRef("https://x.org/g"),)])
        sent = [place_bindings(text[span[0] + 1:span[1] - 1], bound), (page, {})]
    for query, rest in sent:
        assert all(_joins(prepare(bind_values(query, rest)).algebra))

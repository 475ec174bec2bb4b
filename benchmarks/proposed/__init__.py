"""Proposed rewrites of the named questions (ontology/queries), measured by the query benchmark.

Put ``NAME.rq`` here to time a rewrite of ``ontology/queries/NAME.rq`` (same
header, parameters and ORDER BY) side by side with the current one: the query
benchmark runs both on the same store, through the same lookup, binding and
paging as `graph.questions.ask`, and compares their first pages. Rewrites that
win move to ontology/queries (the last ones did: ``# bind`` and ``# page``).
"""

"""``/sparql`` answered on granian's event loop: a query's answer with no Flask and no thread.

The bridge asks :meth:`SparqlPath.answer` first for every GET, HEAD and POST to ``/sparql``. It
takes the path of the Flask view (``afgld.web.routes.sparql``), step for step and with the same
functions: :func:`~afgld.web.routes.sparql.plan` reads the request, has the guard inspect the
query and chooses the format; ``Store.run_async`` writes the job to an idle query process and
is called back by the loop when the answer is readable, under the same deadline that kills the
process; :func:`~afgld.web.routes.sparql.answer_headers` makes the headers. Only a query
answered with 200 is sent from here. Anything else — no query (the service description), a
browser's editor, a refusal, a parser's complaint, a cap, a timeout, busy processes — goes to
the Flask view with the store's outcome when the query ran (``OUTCOME`` in the environ), so a
query never runs twice and every error is answered by the one error handler, in the client's
format. Why: docs/decisions/20261206-sparql-on-the-event-loop.md.
"""

from __future__ import annotations

from typing import Any

from afgld.config import Settings
from afgld.store import PoolError, Store
from afgld.web.routes.sparql import OUTCOME, answer_headers, plan
from afgld.web.sparql_request import Incoming

PATH = "/sparql"
METHODS = ("GET", "HEAD", "POST")
Answered = tuple[int, list[tuple[str, str]], bytes]


class SparqlPath:
    """Answers the queries of ``/sparql`` that succeed, over ``store``."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings

    @staticmethod
    def takes(scope: Any) -> bool:
        return bool(scope.path == PATH and scope.method in METHODS)

    async def answer(self, scope: Any, body: bytes, notes: dict[str, Any]) -> Answered | None:
        """The answer to send, or None when the Flask view should answer; ``notes`` then hold
        what was learnt, for the view's environ: the query's hash, and the store's outcome
        if the query ran."""
        try:
            planned = plan(incoming(scope, body), self.settings, notes)
        except Exception:  # noqa: BLE001  a refusal: the view meets it again and answers it
            return None
        if planned.job is None or planned.fmt is None:
            return None
        try:
            answer = await self.store.run_async(planned.job, self.settings.query_timeout_s)
        except PoolError as error:
            notes[OUTCOME] = (planned.job, error)
            return None
        if answer.status != "ok" or planned.form is None:
            notes[OUTCOME] = (planned.job, answer)
            return None
        return 200, answer_headers(planned.fmt, scope.method, len(answer.body)), answer.body


def incoming(scope: Any, body: bytes) -> Incoming:
    """What the view reads of a request, read from granian's scope as the bridge's WSGI environ
    gives it to Flask: the query string as latin-1 bytes, repeated headers joined by commas."""
    content_type, accept = [], []
    for name, value in scope.headers.items():
        if name == "accept":
            accept.append(value)
        elif name == "content-type":
            content_type.append(value)
    query_string = scope.query_string.encode("latin-1")
    return Incoming(scope.method, query_string, ",".join(content_type), ",".join(accept), body)

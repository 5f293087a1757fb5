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

from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Request

from afgld.config import Settings
from afgld.store import PoolError, Store
from afgld.web.routes.sparql import OUTCOME, answer_headers, plan

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

    async def answer(self, environ: dict[str, Any]) -> Answered | None:
        """The answer to send, or None when the Flask view should answer (``environ`` then holds
        what was learnt: the query's hash, and the store's outcome if the query ran)."""
        incoming = Request(environ, populate_request=False)
        try:
            planned = plan(incoming, self.settings)
        except HTTPException:  # a refusal: the view raises it again and answers it
            planned = None
        environ["wsgi.input"].seek(0)  # the view reads the body again
        if planned is None or planned.job is None or planned.fmt is None:
            return None
        try:
            answer = await self.store.run_async(planned.job, self.settings.query_timeout_s)
        except PoolError as error:
            environ[OUTCOME] = (planned.job, error)
            return None
        if answer.status != "ok" or planned.form is None:
            environ[OUTCOME] = (planned.job, answer)
            return None
        headers = answer_headers(planned.fmt, incoming.method, len(answer.body))
        return 200, headers, answer.body

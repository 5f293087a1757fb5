"""Debian's Virtuoso (virtuoso-opensource 7.2) as a remote store, for the tests: a temporary
database on 127.0.0.1, the build's N-Quads loaded with Virtuoso's bulk loader, stopped after.

The steps are an operator's (README, "Remote store"): ``ld_dir`` registers ``afgld.nq`` (the
``.nq`` suffix makes the loader read N-Quads, each quad into its own graph), ``rdf_loader_run``
loads it, ``checkpoint`` makes it durable; the SPARQL endpoint is ``/sparql`` on the HTTP port.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

VIRTUOSO = shutil.which("virtuoso-t") or "/usr/bin/virtuoso-t"
ISQL = shutil.which("isql-vt") or "/usr/bin/isql-vt"

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
DirsAllowed = ., {data}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
MaxQueryMem = 256M

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 8
MaxKeepAlives = 8
EnabledDavVSP = 0
Charset = UTF-8

[SPARQL]
; above every limit afgld sets: Virtuoso cuts longer results short without saying so
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
MaxQueryCostEstimationTime = 0
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def isql(port: int, statements: str, timeout: float = 300) -> str:
    """Run SQL statements through ``isql-vt`` as ``dba`` (a fresh database's password)."""
    done = subprocess.run(
        [ISQL, f"127.0.0.1:{port}", "dba", "dba", "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF"],
        input=statements + "\nexit;\n",
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0 or "*** Error" in done.stdout:
        raise RuntimeError(f"isql failed: {done.stdout[-2000:]} {done.stderr[-2000:]}")
    return done.stdout


@contextlib.contextmanager
def virtuoso_server(build_dir: Path, scratch: Path) -> Iterator[str]:
    """A Virtuoso holding ``build_dir/afgld.nq``; yields its SPARQL endpoint's URL."""
    db, data = scratch / "db", scratch / "load"
    db.mkdir(parents=True)
    data.mkdir()
    shutil.copy(build_dir / "afgld.nq", data / "afgld.nq")
    sql_port, http_port = _free_port(), _free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(
        INI.format(db=db, data=data, sql_port=sql_port, http_port=http_port), encoding="utf-8"
    )
    log = (db / "stdout.log").open("wb")
    process = subprocess.Popen(
        [VIRTUOSO, "+foreground", "+configfile", str(ini)],
        cwd=db,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait(process, lambda: isql(sql_port, "status();", timeout=10), db)
        isql(
            sql_port,
            f"ld_dir('{data}', 'afgld.nq', 'urn:afgld:no-graph');\n"
            "rdf_loader_run();\ncheckpoint;\n"
            "SELECT ll_file, ll_state, ll_error FROM DB.DBA.load_list WHERE ll_error IS NOT NULL;",
        )
        _wait(process, lambda: _ask(url), db)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


def _ask(url: str) -> None:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    with urllib.request.urlopen(f"{url}?{query}", timeout=5) as answer:
        answer.read()


def _wait(process: subprocess.Popen[bytes], probe: object, db: Path) -> None:
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"virtuoso-t exited: {(db / 'virtuoso.log').read_text()[-2000:]}")
        try:
            probe()  # type: ignore[operator]
            return
        except (OSError, RuntimeError, subprocess.TimeoutExpired):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)  # the next poll; the deadline bounds the wait

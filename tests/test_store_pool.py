"""The pool of query processes, reached from an event loop and from threads at once: every
query gets its one answer, a cancelled one stops its process, no process is lost on the way."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from afgld.namespaces import Space
from afgld.store import PoolBusy, QueryTimedOut
from afgld.store.jobs import Job
from afgld.store.pool import QueryPool
from tests.conftest import BASE
from tests.test_web_sparql_abuse import SLOW


def job(query: str) -> Job:
    return Job(query, "JSON", None, None, False, 1000, 1_000_000)


ASK = job("ASK { ?s ?p ?o }")


@pytest.fixture()
def pool(sparql_build: Path) -> Iterator[QueryPool]:
    started = QueryPool(sparql_build / "oxigraph", 2, Space(BASE).prefixes(), 5.0, most=2)
    started.start().wait_until_ready()
    yield started
    started.close()


def test_many_queries_from_one_loop_share_the_processes(pool: QueryPool) -> None:
    async def many() -> list[bytes]:
        answers = await asyncio.gather(*(pool.run_async(ASK, 5.0) for _ in range(30)))
        return [answer.body for answer in answers]

    assert asyncio.run(many()) == [b'{"head":{},"boolean":true}'] * 30
    assert len(pool.processes()) == 2


def test_threads_and_a_loop_share_the_processes(pool: QueryPool) -> None:
    bodies: list[bytes] = []

    def by_thread() -> None:
        for _ in range(10):
            bodies.append(pool.run(ASK, 5.0).body)

    threads = [threading.Thread(target=by_thread) for _ in range(2)]
    for thread in threads:
        thread.start()

    async def by_loop() -> None:
        for _ in range(10):
            bodies.append((await pool.run_async(ASK, 5.0)).body)

    asyncio.run(by_loop())
    for thread in threads:
        thread.join(timeout=30)
    assert len(bodies) == 30 and set(bodies) == {b'{"head":{},"boolean":true}'}
    pool.wait_until_ready()


def test_a_cancelled_query_stops_its_process_and_a_cancelled_wait_takes_none(
    pool: QueryPool,
) -> None:
    before = pool.pids()

    async def cancel_both() -> None:
        running = [asyncio.create_task(pool.run_async(job(SLOW), 30.0)) for _ in range(2)]
        waiting = asyncio.create_task(pool.run_async(ASK, 30.0))  # no process is free
        await asyncio.sleep(0.3)
        assert not waiting.done()
        for task in (*running, waiting):
            task.cancel()
        await asyncio.gather(*running, waiting, return_exceptions=True)

    started = time.monotonic()
    asyncio.run(cancel_both())
    assert time.monotonic() - started < 5  # nothing ran to its deadline
    pool.wait_until_ready()
    assert not pool.pids() & before  # both busy processes were killed and replaced
    assert pool.run(ASK, 5.0).status == "ok"


def test_a_deadline_kills_the_process_and_busy_processes_make_a_503(pool: QueryPool) -> None:
    with pytest.raises(QueryTimedOut):
        pool.run(job(SLOW), 0.3)
    pool.wait_until_ready()
    quick = QueryPool(pool.store_dir, 1, {}, 0.2, most=1)
    quick.start().wait_until_ready()
    try:

        async def two() -> None:
            slow = asyncio.create_task(quick.run_async(job(SLOW), 3.0))
            await asyncio.sleep(0.05)
            with pytest.raises(PoolBusy):
                await quick.run_async(ASK, 3.0)
            slow.cancel()
            await asyncio.gather(slow, return_exceptions=True)

        asyncio.run(two())
    finally:
        quick.close()

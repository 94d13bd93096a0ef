"""Worker processes: every query and every page is computed in one, so it can be stopped.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python (it
holds the thread in Rust until it finishes). So the web process never touches the store: it
sends each job to one of a few worker processes, each with the store open read-only
(``pyoxigraph.Store.read_only`` — any number of processes may), and waits for the reply with
a deadline. When the deadline passes the worker is killed (SIGKILL — the only thing that
stops Oxigraph mid-query) and a fresh one is started in the background; the client gets a
503 that says why. Other requests meanwhile go to the other workers: SPARQL requests may
hold all workers but one, so entity pages always have one (:class:`WorkerPool`).

Each worker, once its store is open:

- gives up the network: it moves into a new, empty network namespace (``unshare``; a user
  namespace too when not root), where ``connect()`` fails with *Network is unreachable*.
  So even a query that slipped past :mod:`kg.publish.safety` could not make Oxigraph fetch
  a URL (``SERVICE``/``LOAD``). Where namespaces are not permitted it says so at start-up
  (``/status`` and the log) and the parser check stands alone;
- caps its address space (RLIMIT_AS, ``worker_memory_mb``): a query that wants more memory
  fails in that worker only, which is replaced;
- dies with the web process (PR_SET_PDEATHSIG), and exits when its input closes.

Frames on the pipes are an 8-byte length and a pickle; only the web process and its own
workers ever write them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import pickle
import signal
import struct
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

__all__ = ["Busy", "QueryTimeout", "Reply", "WorkerCrashed", "WorkerPool", "child_env", "isolate_network"]

log = logging.getLogger("kg.publish")
_LEN = struct.Struct(">Q")
SPAWN_TIMEOUT = 120.0


@dataclass
class Reply:
    """What a worker answers: an HTTP response, or (``data``) a Python value for the server."""

    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    data: Any = None


class Busy(Exception):
    """Every worker is taken and too many requests wait already (→ 503)."""


class QueryTimeout(Exception):
    """The job passed its time limit; its worker was killed (→ 503)."""


class WorkerCrashed(Exception):
    """The worker died during the job — out of memory, most likely (→ 500)."""


# --- the worker process ---------------------------------------------------------------------------
def _read(stream: IO[bytes]) -> Any:
    head = stream.read(_LEN.size)
    if len(head) < _LEN.size:
        return None
    (n,) = _LEN.unpack(head)
    data = stream.read(n)
    if len(data) < n:
        return None
    return pickle.loads(data)


def _write(stream: IO[bytes], obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_LEN.pack(len(data)) + data)
    stream.flush()


def isolate_network() -> str:
    """Move this process into a new network namespace with no interfaces up, so that no
    socket can reach anything, loopback included. Returns what was done ("" if nothing)."""
    if sys.platform != "linux":
        return ""
    import ctypes

    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return ""
    if libc.unshare(clone_newnet) == 0:
        return "network namespace"
    if libc.unshare(clone_newuser | clone_newnet) == 0:  # unprivileged: needs a user namespace too
        return "user and network namespace"
    return ""


def _die_with_parent() -> None:
    if sys.platform == "linux":
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _limit_memory(mb: int) -> None:
    if mb > 0:
        import resource

        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (mb * 1024 * 1024, mb * 1024 * 1024))


def worker_main() -> int:
    """``python -m kg.publish.workers``: open the store, report ready, answer jobs until EOF."""
    _die_with_parent()
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a stray print() must not corrupt the frames on stdout
    inp = sys.stdin.buffer
    init = _read(inp)
    if init is None:
        return 1
    try:
        from kg.publish.handlers import Handler

        handler = Handler(init["store"], init["config"])
    except Exception as exc:  # reported to the server, which stops with one line
        _write(out, {"ok": False, "error": str(exc) or type(exc).__name__})
        return 1
    sandbox = isolate_network()
    _limit_memory(init["config"].worker_memory_mb)
    _write(out, {"ok": True, "sandbox": sandbox, "pid": os.getpid()})
    while True:
        job = _read(inp)
        if job is None:
            return 0
        try:
            reply = handler.handle(job)
        except MemoryError:
            reply = Reply(500, body=b"the query needed more memory than a worker may use\n")
        except Exception as exc:  # one bad job must not take the worker down
            log.exception("job failed")
            reply = Reply(500, body=f"internal error: {type(exc).__name__}: {exc}\n".encode())
        _write(out, reply)


# --- the pool, in the web process -----------------------------------------------------------------
def child_env() -> dict[str, str]:
    """The environment of a child process: it must import the same kg package as this one,
    installed or not."""
    package_root = str(Path(__file__).resolve().parents[2])
    return dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", ""))
                                                       if p))


class _Worker:
    def __init__(self, proc: asyncio.subprocess.Process, sandbox: str) -> None:
        self.proc = proc
        self.sandbox = sandbox
        self.jobs = 0

    async def call(self, job: dict[str, Any]) -> Reply:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        data = pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
        self.proc.stdin.write(_LEN.pack(len(data)) + data)
        await self.proc.stdin.drain()
        (n,) = _LEN.unpack(await self.proc.stdout.readexactly(_LEN.size))
        reply = pickle.loads(await self.proc.stdout.readexactly(n))
        self.jobs += 1
        return reply

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()


class WorkerPool:
    """A few worker processes and the queue in front of them.

    ``run(job, lane="query")`` is for SPARQL requests: they may hold at most ``size - 1``
    workers at once, so one worker is always left for ``lane="page"`` (entity pages, indexes),
    whatever the queries do.
    """

    def __init__(self, store_path: str | os.PathLike[str], config: Any) -> None:
        self.store_path = str(Path(store_path).expanduser())
        self.config = config
        self.size = config.workers
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._query_slots = asyncio.Semaphore(self.size - 1)
        self._pending = 0
        self._tasks: set[asyncio.Task] = set()
        self._closed = False
        self.sandbox = ""
        self.killed = 0  # workers killed at the time limit, for /status and the tests
        self.crashed = 0

    async def start(self) -> None:
        workers = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        errors = [w for w in workers if isinstance(w, BaseException)]
        for w in workers:
            if isinstance(w, _Worker):
                self._all.add(w)
                self._idle.put_nowait(w)
        if errors:
            await self.close()
            raise errors[0]
        self.sandbox = next(iter(self._all)).sandbox if self._all else ""

    async def _spawn(self) -> _Worker:
        from kg.errors import StoreError

        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "kg.publish.workers", stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE, env=child_env(), limit=1 << 20)
        assert proc.stdin is not None and proc.stdout is not None
        data = pickle.dumps({"store": self.store_path, "config": self.config})
        proc.stdin.write(_LEN.pack(len(data)) + data)
        try:
            await proc.stdin.drain()
            (n,) = _LEN.unpack(await asyncio.wait_for(proc.stdout.readexactly(_LEN.size), SPAWN_TIMEOUT))
            ready = pickle.loads(await proc.stdout.readexactly(n))
        except (asyncio.IncompleteReadError, TimeoutError, BrokenPipeError, ConnectionResetError) as exc:
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
            await proc.wait()
            raise StoreError(f"a query worker did not start ({type(exc).__name__}); see the log above") from None
        if not ready.get("ok"):
            await proc.wait()
            raise StoreError(ready.get("error", "a query worker did not start"))
        return _Worker(proc, ready.get("sandbox", ""))

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background."""
        worker.kill()
        self._all.discard(worker)

        async def respawn() -> None:
            await worker.proc.wait()
            delay = 0.5
            while not self._closed:
                try:
                    fresh = await self._spawn()
                except Exception as exc:
                    log.error("cannot restart a query worker: %s (retrying in %.0f s)", exc, delay)
                    await asyncio.sleep(delay)
                    delay = min(delay * 2, 30.0)
                    continue
                if self._closed:
                    fresh.kill()
                    return
                self._all.add(fresh)
                self._idle.put_nowait(fresh)
                return

        task = asyncio.get_running_loop().create_task(respawn())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def run(self, job: dict[str, Any], *, lane: str = "page", timeout: float | None = None) -> Reply:
        """Run ``job`` on a free worker within ``timeout`` seconds (default: the config's)."""
        limit = self.config.timeout if timeout is None else timeout
        if self._pending >= self.config.max_pending:
            raise Busy(f"{self._pending} requests are waiting already")
        self._pending += 1
        slot = False
        try:
            # asyncio.timeout, not wait_for: no extra task per await on the hot path
            try:
                async with asyncio.timeout(limit):
                    if lane == "query":
                        await self._query_slots.acquire()
                        slot = True
                    worker = self._idle.get_nowait() if self._idle.qsize() else await self._idle.get()
            except TimeoutError:
                raise Busy("every worker stayed busy") from None
            try:
                async with asyncio.timeout(limit):
                    reply = await worker.call(job)
            except TimeoutError:
                self.killed += 1
                self._replace(worker)
                raise QueryTimeout(f"stopped after {limit:g} s") from None
            except (asyncio.IncompleteReadError, BrokenPipeError, ConnectionResetError):
                self.crashed += 1
                self._replace(worker)
                raise WorkerCrashed("the worker running it died") from None
            except BaseException:  # cancelled (client gone, shutdown): the worker's state is unknown
                self._replace(worker)
                raise
            self._idle.put_nowait(worker)
            return reply
        finally:
            self._pending -= 1
            if slot:
                self._query_slots.release()

    @property
    def idle(self) -> int:
        return self._idle.qsize()

    async def close(self) -> None:
        """Stop every worker: close its input (it exits), then kill what is left."""
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        for w in list(self._all):
            if w.proc.stdin is not None:
                with contextlib.suppress(Exception):
                    w.proc.stdin.close()
        for w in list(self._all):
            try:
                await asyncio.wait_for(w.proc.wait(), 3.0)
            except TimeoutError:
                w.kill()
                await w.proc.wait()
        self._all.clear()


if __name__ == "__main__":
    # run the function of the *imported* module, so that the Reply objects it pickles are
    # kg.publish.workers.Reply (the web process cannot unpickle __main__.Reply)
    from kg.publish.workers import worker_main as _main

    sys.exit(_main())

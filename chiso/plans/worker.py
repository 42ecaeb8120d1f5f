"""Parse an uploaded plan in a child process with OS limits, so no upload can take the server.

`parse_bounded(data, filename)` hands the file to a child Python process (`python -m
chiso.plans.worker`, its own session and process group) which, before reading a byte of the file,
sets `RLIMIT_AS` (address space: an allocation past it raises MemoryError) and `RLIMIT_CPU` on
itself. The parent waits at most `Limits.seconds` of wall-clock time, then kills the group (OCR's
pdftoppm and tesseract included, they inherit the limits). Whatever the file does, the server
process only ever receives a finished ParsedPlan or a refusal naming the limit, and the child's
memory goes back to the system when it exits. Each child reads one file only.

A child is started ahead of need with the parser already imported (a "spare"), so an upload does
not wait for Python to start; a fresh subprocess rather than a fork, because forking a server with
threads (Streamlit's) can copy a held lock into the child.

The reading budgets (bytes, inflated size, paragraphs, characters, pages, OCR) are checked inside,
while reading (`chiso.plans.extract.Budget`); these limits are the backstop for what a budget cannot
foresee (a parser's own blow-up, a pathological PDF).
"""
from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass

from chiso import catalog, paths
from chiso.errors import ChisoError
from chiso.plans.extract import DEFAULT_BUDGET, Budget


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 1536 * 1024 * 1024  # address space of the child (Python + parser + OCR tools)
    cpu_seconds: int = 600
    seconds: float = 900.0                  # wall clock, OCR of a long scan included


DEFAULT_LIMITS = Limits()


class PlanRefused(ChisoError):
    """The plan was not read; the message (already in the run's language) names the limit."""


@dataclass
class Run:
    """What one bounded parse cost (tests and the benchmark read it)."""
    peak_rss_kb: int | None = None
    outcome: str = ""


_WARM_UP = """SỞ NỘI VỤ
Số: 1/KH-SNV
Bình Phước, ngày 10 tháng 5 năm 2024
KẾ HOẠCH
Nâng cao {indices}
II. NHIỆM VỤ
1. Công khai danh sách hộ nghèo; giải quyết khiếu nại, tố cáo đúng hạn. Thời hạn: 31/12/2024.
2. Văn phòng Sở chủ trì, phối hợp Phòng Pháp chế khảo sát sự hài lòng hằng quý.
Nơi nhận:
"""
_READY = b"R"  # what a child writes once warm, before it reads its file
_spare: subprocess.Popen | None = None
_spare_lock = threading.Lock()


def _start() -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (str(paths.ROOT), os.environ.get("PYTHONPATH"))
                                                         if p)}
    return subprocess.Popen([sys.executable, "-m", "chiso.plans.worker"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, cwd=str(paths.ROOT),
                            start_new_session=True)


def may_parse_plans(user) -> bool:
    """Reading a plan costs the server memory and time: only signed-in editors may ask for it."""
    from chiso import auth
    return user is not None and user.role in (auth.UNIT_EDITOR, auth.PROVINCE_ADMIN)


def prestart(wait: bool = False) -> None:
    """Have a spare child ready (a page that offers an upload calls this when it opens); with
    `wait`, return once it has imported and warmed the parser (the benchmark measures from there)."""
    global _spare
    with _spare_lock:
        if _spare is None or _spare.poll() is not None:
            _spare = _start()
        spare = _spare
    if wait and not getattr(spare, "chiso_ready", False):
        spare.chiso_ready = spare.stdout.read(len(_READY)) == _READY


def _take_worker() -> subprocess.Popen:
    """The spare child if it is alive, else a new one (the next spare starts once this one is done,
    so its start-up does not compete with the parse for the CPU)."""
    global _spare
    with _spare_lock:
        proc, _spare = _spare, None
    if proc is None or proc.poll() is not None:
        proc = _start()
    return proc


def parse_bounded(data: bytes, filename: str, *, budget: Budget = DEFAULT_BUDGET, limits: Limits = DEFAULT_LIMITS,
                  run: Run | None = None):
    """`parse_plan(data, filename)` in a bounded child process. Raises the budget's InputError words
    as PlanRefused, or PlanRefused naming the memory or time limit that stopped the child."""
    from chiso import i18n
    from chiso.i18n import _

    if len(data) > budget.max_bytes:  # refused on the size alone, no process needed
        from chiso.plans.extract import read_document
        read_document(data, filename, budget)
    run = run if run is not None else Run()
    job = pickle.dumps({"data": data, "filename": filename, "lang": i18n.language(), "budget": budget,
                        "limits": limits})
    proc = _take_worker()
    try:
        out, _err = proc.communicate(job, timeout=limits.seconds)
        if not getattr(proc, "chiso_ready", False):
            out = out[len(_READY):] if out.startswith(_READY) else b""
        status, payload, run.peak_rss_kb = pickle.loads(out) if out else ("died", None, None)
    except subprocess.TimeoutExpired:
        status, payload = "timeout", None
    except (pickle.UnpicklingError, EOFError, ValueError):
        status, payload = "died", None
    finally:
        _stop(proc)
        prestart()
    if status == "died" and proc.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        status = "timeout"  # the CPU limit: SIGXCPU, then SIGKILL at the hard limit
    run.outcome = status
    if status == "ok":
        return payload
    if status == "refused":
        raise PlanRefused(payload)
    if status == "memory":
        raise PlanRefused(_("{file}: reading this plan needs more than {limit} MB of memory (the limit for one "
                            "plan); it was stopped. Split the file or upload its text",
                            file=filename, limit=limits.memory_bytes // 1048576))
    if status == "timeout":
        raise PlanRefused(_("{file}: reading this plan took longer than {limit} s (the limit for one plan); it "
                            "was stopped. Split the file or upload its text",
                            file=filename, limit=f"{min(limits.seconds, limits.cpu_seconds):g}"))
    raise PlanRefused(_("{file}: the plan reader stopped on this file ({error}); nothing was read",
                        file=filename, error=payload or f"exit {proc.returncode}"))


def _stop(proc: subprocess.Popen) -> None:
    """End the child and its process group (OCR tools) if anything is still running."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.wait(5)
    except subprocess.TimeoutExpired:
        pass


def _peak_rss_kb() -> int:
    """This process's peak resident memory. /proc's VmHWM starts afresh at exec; getrusage's
    ru_maxrss would still count the parent's memory copied by the fork before the exec."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _child() -> None:
    """The child: import first (while waiting as a spare), then limits, then the one file."""
    import resource

    from chiso import i18n
    from chiso.plans.parser import parse_plan

    results = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    sys.stdout = sys.stderr  # nothing a library prints can corrupt the result stream
    # Warm the parser's catalog and vocabulary caches while waiting as a spare (most of a first
    # parse's time): the upload then costs what it costs in a warm process.
    # Every index the catalog knows, named as plans name them, so the vocabulary's caches are all warm.
    names = ", ".join(idx.short for idx in catalog.indices().values())
    parse_plan(_WARM_UP.format(indices=names).encode("utf-8"), "warm-up.txt")
    results.write(_READY)
    results.flush()
    job = pickle.load(sys.stdin.buffer)
    limits: Limits = job["limits"]
    out_of_memory = pickle.dumps(("memory", None, None))  # made now: there may be no memory to make it later
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds + 5))
    i18n.set_language(job["lang"])
    try:
        outcome = ("ok", parse_plan(job["data"], job["filename"], job["budget"]))
    except MemoryError:
        outcome = ("memory", None)
    except ChisoError as exc:
        outcome = ("refused", str(exc))
    except Exception as exc:  # a parser bug on a strange file: say so, never crash the server
        outcome = ("failed", exc.__class__.__name__)
    del job
    try:
        blob = pickle.dumps((*outcome, _peak_rss_kb()))
    except MemoryError:
        blob = out_of_memory
    results.write(blob)
    results.close()


if __name__ == "__main__":
    _child()

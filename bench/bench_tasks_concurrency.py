"""Concurrent editors against the task store: throughput and lost updates, DuckDB and PostgreSQL.

    python bench/bench_tasks_concurrency.py [--users 8] [--updates 25] [--tasks 4] [--time-limit 60]
                                            [--pg-url postgresql://...]  [--no-pg]

Each simulated user is a separate process with its own connections. It repeatedly reads a task
(few tasks, so users collide), adds 1 to a counter kept in the progress note, and saves against
the version it read; when the store refuses a stale save it re-reads and tries again, as a person
would. Afterwards the counters must add up to the number of saves the store accepted: any
difference is a lost update (must be 0).

Baselines measured in the same run, same machine:
- bare UPDATE: one connection, autocommit `UPDATE tasks SET progress_note = ? WHERE task_id = ?`;
- store, 1 user: the same read-modify-save loop through the store with no one else writing;
  the two alternate in ROUNDS short paired rounds so both see the same load on a shared machine.
  "1 user/bare" is the median of the paired rounds' ratios (a burst of another program's load
  lands in one short window, not in both); the pooled ratio and the rounds' range are printed too.
PostgreSQL runs on a throwaway loopback server (tests/pg_server.py) unless --pg-url is given.
Bounded: at most users x updates saves per store, and --time-limit seconds per phase.
"""
from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from chiso.auth import PROVINCE_ADMIN, User  # noqa: E402
from chiso.tasks import StaleEdit, open_store  # noqa: E402

ACTOR = User("bench", PROVINCE_ADMIN, "70")
ROUNDS = 15
BARE_PER_ROUND = 40      # bare UPDATEs per round
SAVES_PER_ROUND = 10     # one-user saves per round


def _count(note: str | None) -> int:
    return int(note.split("=")[1]) if note and note.startswith("count=") else 0


def editor(url: str, task_ids: list[str], updates: int, time_limit: float, seed: int,
           barrier=None) -> tuple[int, int, float, float]:
    """One simulated user: `updates` accepted saves (or until the time limit).
    Returns (saves, refusals, start, end); the clock starts once every user is ready."""
    store = open_store(url)
    store.get_task(ACTOR, task_ids[0])  # connect and import everything before the clock starts
    if barrier is not None:
        barrier.wait()
    started = time.time()
    deadline = started + time_limit
    rnd = random.Random(seed)
    saves = refusals = 0
    while saves < updates and time.time() < deadline:
        task_id = rnd.choice(task_ids)
        task = store.get_task(ACTOR, task_id)
        while time.time() < deadline:
            try:
                store.update_task(ACTOR, task_id, task.version, progress_note=f"count={_count(task.progress_note) + 1}")
                saves += 1
                break
            except StaleEdit as exc:  # someone saved first: look at the latest and redo the edit
                refusals += 1
                task = exc.current
    return saves, refusals, started, time.time()


def seed_store(url: str, n_tasks: int) -> list[str]:
    store = open_store(url)
    rows = [{"Nội dung nhiệm vụ": f"Nhiệm vụ đo hiệu năng {i}", "Đơn vị chủ trì": "Văn phòng Sở",
             "Thời hạn": "Thường xuyên"} for i in range(n_tasks)]
    return list(store.import_rows(ACTOR, "70", rows, "bench").task_ids)


def bare_update_rate(url: str, task_id: str, n: int, time_limit: float) -> tuple[int, float]:
    """(UPDATEs done, seconds) on one open autocommit connection, no store code at all."""
    open_store(url).backend.close()  # the store keeps its connection open: let the bare one have the file
    sql = "UPDATE tasks SET progress_note = ? WHERE task_id = ?"
    start = time.perf_counter()
    done = 0
    if url.startswith("postgresql://"):
        import psycopg
        with psycopg.connect(url, autocommit=True) as con:
            while done < n and time.perf_counter() - start < time_limit:
                con.execute(sql.replace("?", "%s"), (f"bare={done}", task_id))
                done += 1
    else:
        import duckdb
        con = duckdb.connect(url)
        try:
            while done < n and time.perf_counter() - start < time_limit:
                con.execute(sql, [f"bare={done}", task_id])
                done += 1
        finally:
            con.close()
    return done, time.perf_counter() - start


def measure(label: str, url: str, users: int, updates: int, n_tasks: int, time_limit: float) -> dict:
    ids = seed_store(url, n_tasks + 1)
    bare_id, ids = ids[0], ids[1:]
    # Bare and one-user rates in alternating rounds, so both see the same load on a shared machine.
    bare_done = bare_s = single_saves = single_s = 0
    ratios = []
    for round_no in range(ROUNDS):
        done, seconds = bare_update_rate(url, bare_id, BARE_PER_ROUND, time_limit / ROUNDS)
        bare_done, bare_s = bare_done + done, bare_s + seconds
        saves, _, t0, t1 = editor(url, ids, SAVES_PER_ROUND, time_limit / ROUNDS, round_no)
        single_saves, single_s = single_saves + saves, single_s + (t1 - t0)
        ratios.append((saves / (t1 - t0)) / (done / seconds))
    bare, single_rate = bare_done / bare_s, single_saves / single_s

    ctx = multiprocessing.get_context("spawn")

    # Counters restart from what the single-user phase left.
    store = open_store(url)
    before = sum(_count(store.get_task(ACTOR, i).progress_note) for i in ids)
    with ctx.Manager() as manager, ctx.Pool(users) as pool:
        barrier = manager.Barrier(users)
        results = pool.starmap(editor, [(url, ids, updates, time_limit, s + 1, barrier) for s in range(users)])
    elapsed = max(r[3] for r in results) - min(r[2] for r in results)
    saves = sum(r[0] for r in results)
    refusals = sum(r[1] for r in results)
    after = sum(_count(store.get_task(ACTOR, i).progress_note) for i in ids)
    lost = saves - (after - before)
    return dict(label=label, bare=bare, single=single_rate, ratio=statistics.median(ratios), pooled=single_rate / bare,
                low=min(ratios), high=max(ratios), users=users, saves=saves, refusals=refusals,
                rate=saves / elapsed, elapsed=elapsed, lost=lost)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--users", type=int, default=8)
    ap.add_argument("--updates", type=int, default=25, help="accepted saves per user")
    ap.add_argument("--tasks", type=int, default=4, help="tasks shared by all users (fewer = more collisions)")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds per phase, per store")
    ap.add_argument("--pg-url", default=None, help="use this PostgreSQL database instead of a throwaway server")
    ap.add_argument("--no-pg", action="store_true")
    args = ap.parse_args()

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(measure("DuckDB file", str(Path(tmp) / "bench_tasks.duckdb"), args.users, args.updates,
                               args.tasks, args.time_limit))
    if not args.no_pg:
        if args.pg_url:
            results.append(measure("PostgreSQL", args.pg_url, args.users, args.updates, args.tasks,
                                   args.time_limit))
        else:
            import pg_server
            if pg_server.available():
                with pg_server.running("chiso_bench") as url:
                    results.append(measure("PostgreSQL (loopback)", url, args.users, args.updates, args.tasks,
                                           args.time_limit))
            else:
                print(f"PostgreSQL skipped: {pg_server.unavailable_reason()}")

    print(f"\n{args.users} concurrent users (processes), {args.tasks} shared tasks, "
          f"up to {args.updates} accepted saves each\n")
    print(f"{'store':<24}{'bare UPDATE/s':>15}{'store 1 user/s':>16}{'1 user/bare':>13}{'pooled':>8}"
          f"{'rounds':>11}{'store N users/s':>17}{'saves':>7}{'stale refusals':>16}{'lost':>6}")
    for r in results:
        spread = f"{r['low']:.0%}-{r['high']:.0%}"
        print(f"{r['label']:<24}{r['bare']:>15.0f}{r['single']:>16.1f}{r['ratio']:>13.0%}{r['pooled']:>8.0%}"
              f"{spread:>11}{r['rate']:>17.1f}{r['saves']:>7}{r['refusals']:>16}{r['lost']:>6}")
    print(f"\n1 user/bare: median of {ROUNDS} paired rounds ({BARE_PER_ROUND} bare UPDATEs, then {SAVES_PER_ROUND} "
          "saves); pooled: all saves/s over all UPDATEs/s; rounds: the lowest and highest round")
    if any(r["lost"] for r in results):
        print("LOST UPDATES: the store overwrote a concurrent save", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

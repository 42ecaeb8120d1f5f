"""Plan import quality on the four real plans: precision and recall of tasks, lead units and index links.

    python bench/bench_plans.py

Expected tasks are hand-written in tests/fixtures/plans/expected/<plan>.json.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chiso import paths  # noqa: E402
from chiso.plans import parse_plan  # noqa: E402
from chiso.plans.evaluate import Score, load_expected, score  # noqa: E402

EXPECTED_DIR = paths.ROOT / "tests" / "fixtures" / "plans" / "expected"
PLANS_DIR = paths.SHARED_DIR / "plans"


def run() -> dict[str, Score]:
    results = {}
    for exp_path in sorted(EXPECTED_DIR.glob("*.json")):
        expected = load_expected(exp_path)
        results[exp_path.stem] = score(parse_plan(PLANS_DIR / expected["plan_file"]), expected)
    return results


def main() -> int:
    if not PLANS_DIR.is_dir():
        print(f"Không thấy thư mục kế hoạch {PLANS_DIR} (plans folder absent)")
        return 1
    t0 = time.perf_counter()
    results = run()
    total = None
    head = f"{'kế hoạch (plan)':<26}{'NV':>4}{'đúng':>6} | {'task P':>7}{'task R':>7} | {'lead P':>7}{'lead R':>7} | {'link P':>7}{'link R':>7}"
    print(head)
    print("-" * len(head))
    for name, s in list(results.items()) + [("TỔNG (all)", None)]:
        if s is None:
            s = total
        else:
            total = s if total is None else total + s
        print(f"{name:<26}{s.tasks_expected:>4}{s.tasks_matched:>6} | {s.task_precision:>7.2f}{s.task_recall:>7.2f} | "
              f"{s.lead_precision:>7.2f}{s.lead_recall:>7.2f} | {s.link_precision:>7.2f}{s.link_recall:>7.2f}")
    print(f"\n({time.perf_counter() - t0:.1f} s; NV = expected tasks, đúng = matched)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

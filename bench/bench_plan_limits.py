"""What the upload limits cost honest plans: the four bundled plans, read bare, parsed in-process,
and parsed in the bounded worker (what the page and the CLI do since the limits); and Word
paragraphs read by python-docx with `p.style` (the reader before) against the streaming reader.

    python bench/bench_plan_limits.py [--repeat 5]

Bare baseline: read the bytes, decode, split lines (no parsing). Medians of --repeat runs, same run.
The Word document is SYNTHETIC (generated here from a real plan's lines, repeated), never shown as real.
"""
from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from chiso import paths  # noqa: E402
from chiso.plans import parse_plan  # noqa: E402
from chiso.plans.extract import read_document  # noqa: E402
from chiso.plans.worker import Run, parse_bounded, prestart  # noqa: E402
from timing import median_seconds  # noqa: E402  (bench/ is on sys.path when run as a script)

PLANS_DIR = paths.SHARED_DIR / "plans"


def _bare(path: Path) -> None:
    path.read_bytes().decode("utf-8", errors="replace").splitlines()


def _bounded(path: Path, runs: list[Run]) -> None:
    prestart(wait=True)  # the spare child is warm when an upload arrives (the page starts it on open)
    run = Run()
    start = time.perf_counter()
    parse_bounded(path.read_bytes(), path.name, run=run)
    runs.append(run)
    return time.perf_counter() - start


def _synthetic_docx(lines: list[str], paragraphs: int) -> bytes:
    import docx
    d = docx.Document()
    for i in range(paragraphs):
        d.add_paragraph(lines[i % len(lines)], style="List Bullet" if i % 7 == 0 else None)
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def _python_docx_lines(data: bytes) -> int:
    """The reader before: python-docx paragraphs with the per-paragraph style lookup."""
    import docx
    from docx.text.paragraph import Paragraph
    d = docx.Document(io.BytesIO(data))
    n = 0
    for el in d.element.body.iterchildren():
        if el.tag.endswith("}p"):
            p = Paragraph(el, d)
            p.text, p.style  # noqa: B018 - what the old reader computed for every paragraph
            n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    if not PLANS_DIR.is_dir():
        print(f"plans folder absent: {PLANS_DIR}")
        return 1
    plans = sorted(p for p in PLANS_DIR.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")
    for p in plans:
        parse_plan(p)  # warm the in-process caches, as a running server has them
    print(f"{'plan':<30}{'KB':>6}{'bare ms':>10}{'in-process ms':>15}{'bounded worker ms':>19}{'worker peak MB':>16}")
    for p in plans:
        bare = median_seconds(lambda: _bare(p), args.repeat)
        inproc = median_seconds(lambda: parse_plan(p), args.repeat)
        runs: list[Run] = []
        bounded = statistics.median(_bounded(p, runs) for _ in range(args.repeat))
        peak = max(r.peak_rss_kb or 0 for r in runs) / 1024
        print(f"{p.name:<30}{p.stat().st_size / 1024:>6.1f}{bare * 1000:>10.2f}{inproc * 1000:>15.1f}"
              f"{bounded * 1000:>19.1f}{peak:>16.0f}")

    lines = [l for l in (PLANS_DIR / "binhphuoc-sct-2023.md").read_text(encoding="utf-8").splitlines() if l.strip()]
    print(f"\nWord paragraphs (SYNTHETIC .docx from a real plan's lines), read only, median of {args.repeat}:")
    print(f"{'paragraphs':>10}{'KB':>8}{'python-docx + p.style ms':>26}{'streaming reader ms':>21}")
    for n in (300, 2000):
        data = _synthetic_docx(lines, n)
        before = median_seconds(lambda: _python_docx_lines(data), args.repeat)
        after = median_seconds(lambda: read_document(data, "synthetic.docx"), args.repeat)
        print(f"{n:>10}{len(data) / 1024:>8.1f}{before * 1000:>26.1f}{after * 1000:>21.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""CPU of an idle stack: CPU ticks from /proc over a window, for every process the stack
recorded (Stack.status()) together with its descendants (gunicorn's workers are children of
the recorded master), as % of one core, per process and in total.

    .venv/bin/python bench/idle_cpu.py [--settle 60] [--window 20]     # own stack
    .venv/bin/python bench/idle_cpu.py --root .run                      # a `make up` stack

Target (issue 5): the whole idle stack under 3% of one core after its first minute."""
import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import REPO, add_stack_arguments, stack_target  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")
TARGET = 3.0


def _stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, utime + stime ticks) of a process, or None when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            st = _stat(int(entry))
            if st:
                children.setdefault(st[0], []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def _ticks(pids: dict[str, int]) -> dict[str, dict[int, int]]:
    out = {}
    for name, root in pids.items():
        out[name] = {}
        for pid in _tree(root):
            st = _stat(pid)
            if st:
                out[name][pid] = st[1]
    return out


def measure(pids: dict[str, int], window: float) -> dict[str, float]:
    """% of one core used by each named process tree during `window` seconds."""
    pids = {k: v for k, v in pids.items() if v}
    before = _ticks(pids)
    t0 = time.monotonic()
    time.sleep(window)
    after = _ticks(pids)
    wall = time.monotonic() - t0
    result = {}
    for name in pids:
        used = sum(t - before[name].get(pid, 0) for pid, t in after[name].items())
        result[name] = 100.0 * used / TICKS / wall
    return result


def report(result: dict[str, float], window: float) -> float:
    total = sum(result.values())
    print(f"idle CPU over {window:g}s, % of one core (process and its children):")
    for name, pct in sorted(result.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<20} {pct:6.2f}%")
    print(f"  {'TOTAL':<20} {total:6.2f}%   (target < {TARGET:g}%: "
          f"{'met' if total < TARGET else 'NOT met'})")
    return total


def run(stack, args) -> dict:
    wait = args.settle - (time.monotonic() - getattr(stack, "started_at", 0))
    if wait > 0:
        print(f"letting the stack idle {wait:.0f}s more (its first minute) ...", flush=True)
        time.sleep(wait)
    result = measure(stack.status(), args.window)
    return {"per_process": result, "total": report(result, args.window)}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--settle", type=float, default=60.0, help="idle this long after start-up first")
    p.add_argument("--window", type=float, default=20.0, help="measuring window, seconds")
    p.add_argument("--root", help="a running stack's folder (e.g. .run after `make up`)")
    add_stack_arguments(p)
    return p


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    if args.root:
        from deploy.embedded.stack import Stack
        stack = Stack.existing(Path(args.root) if Path(args.root).is_absolute() else REPO / args.root)
        args.settle = 0
        out = run(stack, args)
    else:
        with stack_target(args) as target:
            out = run(target.stack, args)
    return 0 if out["total"] < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())

"""Both benchmarks on one embedded stack (started here, stopped at the end whatever happens),
or on a running stack given by URL.

    .venv/bin/python bench/run_all.py [-n 500] [-c 4] [-m 100]
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_event_latency  # noqa: E402
import bench_register  # noqa: E402
from _common import add_stack_arguments, load_note, stack_target  # noqa: E402


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=500, help="register: requests per mode (default 500)")
    p.add_argument("-c", "--concurrency", type=int, default=4, help="register: client threads (default 4)")
    p.add_argument("--rounds", type=int, default=1, help="register: rounds, modes interleaved (default 1)")
    p.add_argument("-m", type=int, default=100, help="event latency: registrations (default 100)")
    add_stack_arguments(p)
    args = p.parse_args(argv)
    passthrough = [a for a in ("--gateway", "--registry", "--evaluation", "--mongo")
                   if getattr(args, a[2:])]
    reg_args = bench_register.parser().parse_args(
        ["-n", str(args.n), "-c", str(args.concurrency), "--rounds", str(args.rounds)]
        + [x for a in passthrough for x in (a, getattr(args, a[2:]))])
    lat_args = bench_event_latency.parser().parse_args(
        ["-m", str(args.m)] + [x for a in passthrough for x in (a, getattr(args, a[2:]))])
    with stack_target(args) as target:
        print("== registration throughput (a: gateway, b: registry direct, c: raw pymongo) ==")
        reg = bench_register.run(target, reg_args)
        print("\n== event latency (201 -> indicator) ==")
        lat = bench_event_latency.run(target, lat_args)
        print(f"\ndone; {load_note()}")
    return 1 if reg["errors"] or lat["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())

"""Run every benchmark in this folder (`make bench`): each bench_*.py's main()."""

import importlib
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))


def main() -> None:
    only = set(sys.argv[1:])
    for path in sorted(BENCH_DIR.glob("bench_*.py")):
        if only and path.stem not in only:
            continue
        print(f"== {path.stem}", flush=True)
        importlib.import_module(f"bench.{path.stem}").main()


if __name__ == "__main__":
    main()

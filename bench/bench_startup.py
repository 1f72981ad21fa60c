"""``relindex score`` start to finish, against starting Python with its two core dependencies.

The user's path: ``relindex score`` on the shipped dataset (load, validate, score, print),
as a whole process with bytecode compiled, against

* ``python -c "import numpy, pydantic"``: the floor (the target is 1.5 times it);
* the same plus one small pydantic model defined and validated: what any pydantic
  program pays on its first model;
* for where the time goes (not peers): ``import relindex`` alone (its public names are
  imported on first use), the modules ``relindex score`` imports (command line, loader,
  scoring) without running anything, then the shipped catalogue loaded (read, parsed,
  validated), and the same load, build and score without the leave-one-source-out
  rescoring (``relindex score`` rescores the dataset once per counted source, 20 on the
  shipped catalogue).

Medians of alternating fresh processes, with each process's peak memory. ``--importtime``
also prints the ten slowest imports of ``relindex score`` (``python -X importtime``).

    python bench/bench_startup.py [--quick] [--repeat 9] [--importtime]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _harness import Stage, alternate, compile_bytecode, report

MODEL = ("import numpy, pydantic\n"
         "class M(pydantic.BaseModel):\n    x: int\n    y: list[float] = []\n"
         "M(x=1, y=[1.0])")

IMPORTS = "import relindex.cli.score, relindex.dataset, relindex.scoring"

LOAD = "import relindex\nrelindex.load()"

NO_LOO = ("import sys\nfrom relindex.cli import main\nimport relindex.scoring.results as r\n"
          "r.score.__kwdefaults__['leave_one_out'] = False\nsys.exit(main(['score']))")


def import_times(n: int = 10) -> None:
    """The slowest cumulative imports of ``relindex score``."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "relindex", "score"],
                          capture_output=True, text=True, check=True)
    rows = []
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            _, cum, name = (p.strip() for p in line[len("import time:"):].split("|"))
            if cum.isdigit():
                rows.append((int(cum), name))
    top = sorted((r for r in rows if not r[1].startswith(" ")), reverse=True)[:n]
    print("\nslowest top-level imports of relindex score (cumulative µs):")
    for cum, name in top:
        print(f"  {cum:>8}  {name}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--quick", action="store_true", help="5 runs")
    ap.add_argument("--importtime", action="store_true")
    args = ap.parse_args()
    repeat = 5 if args.quick else args.repeat
    compile_bytecode()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    stages = [
        Stage("relindex score", [sys.executable, "-m", "relindex", "score"], whole=True,
              env=env),
        Stage("import numpy, pydantic", [sys.executable, "-c", "import numpy, pydantic"],
              whole=True, env=env),
        Stage("  + one pydantic model", [sys.executable, "-c", MODEL], whole=True, env=env),
        Stage("(import relindex)", [sys.executable, "-c", "import relindex"], whole=True,
              env=env),
        Stage("(imports of relindex score)", [sys.executable, "-c", IMPORTS], whole=True,
              env=env),
        Stage("(import relindex, load)", [sys.executable, "-c", LOAD], whole=True, env=env),
        Stage("(score, no leave-one-out)", [sys.executable, "-c", NO_LOO], whole=True,
              env=env),
    ]
    alternate(stages, repeat)
    report("start-up, whole process, bytecode compiled", stages, ref="relindex score")
    if args.importtime:
        import_times()


if __name__ == "__main__":
    main()

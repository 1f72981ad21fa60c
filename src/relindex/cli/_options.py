"""Options that several sub-commands share (selection, weights, the Monte Carlo run)."""

from __future__ import annotations

import argparse

#: The seed used when --seed is not given, so that two runs agree.
DEFAULT_SEED = 1


def add_selection(p: argparse.ArgumentParser, *, periods: bool = True) -> None:
    """The --period, --all-periods, --entity and --all-entities options."""
    if periods:
        p.add_argument("--period", type=int, metavar="YEAR", help="this period")
        p.add_argument("--all-periods", action="store_true", help="every period, oldest first")
    p.add_argument("--entity", "-e", metavar="ID",
                   help="one entity (dyad or country) of a catalogue that has several")
    p.add_argument("--all-entities", action="store_true",
                   help="every entity, ranked per period (the default when there are several)")


def add_weights(p: argparse.ArgumentParser) -> None:
    """The --weight ID=W and --weights FILE options."""
    p.add_argument("--weight", "-w", action="append", default=[], metavar="ID=W",
                   help="score with another weight for a dimension or indicator id "
                   "(repeatable), e.g. --weight trade_volume=2")
    p.add_argument("--weights", metavar="FILE",
                   help="a TOML file with a [weights] table of id = weight (--weight "
                   "options override it)")


def add_uncertainty(p: argparse.ArgumentParser) -> None:
    """The Monte Carlo options of ``sensitivity`` and ``score``/``explain --uncertainty``."""
    p.add_argument("--samples", "-n", type=int, default=None, metavar="N",
                   help="base sample size, a power of two (default: the catalogue's)")
    p.add_argument("--seed", type=int, default=None,
                   help=f"seed of the quasi-random samples (default {DEFAULT_SEED})")
    p.add_argument("--weight-range", type=float, default=None, metavar="R",
                   help="weights vary within ±R of nominal (default: the catalogue's)")
    p.add_argument("--max-samples", type=int, default=None, metavar="N",
                   help="raise the limit on --samples (default 65,536)")

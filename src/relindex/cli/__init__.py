"""The ``relindex`` command line: reads arguments, calls the library, formats.

The CLI never computes: every number it prints comes from the library's result
objects. Bad input prints the library's one-line message (file, key, fix) on
stderr and exits with status 2, without a traceback.

Exit status: 0 success; 1 a check failed (``verify``, ``coverage``); 2 bad input
or usage.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import sys
from collections.abc import Sequence

__all__ = ["main"]

#: Sub-command modules, in the order ``relindex --help`` lists them. Each has
#: ``add_parser(subparsers)`` and ``run(args) -> int``; heavy imports live inside ``run``.
#: A run imports only the module of its command (``relindex --help`` imports them all).
COMMANDS = (
    "score", "explain", "compare", "evidence", "verify", "coverage", "extract", "sensitivity",
    "plot", "events", "check", "init",
)


def _command_of(argv: Sequence[str]) -> str | None:
    """The sub-command named in `argv` (the first argument that is not an option)."""
    for arg in argv:
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
        if arg in ("-h", "--help", "--version"):
            return None
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser with the sub-commands registered.

    Parameters
    ----------
    only : str, optional
        Import and register in full only this sub-command's module; the others get an
        empty parser of their name (they are not run). Default: every module, as
        ``relindex --help`` lists them all.
    """
    from .._version import __version__

    parser = argparse.ArgumentParser(
        prog="relindex",
        description="Evidence-linked cooperation-versus-friction index for a bilateral "
        "relationship. Without --catalogue, commands use the shipped Russia-China dataset.",
    )
    parser.add_argument("--version", action="version", version=f"relindex {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name in COMMANDS:
        if only is not None and name != only:
            sub.add_parser(name)
            continue
        module = importlib.import_module(f".{name}", __name__)
        p = module.add_parser(sub)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    Errors from outside relindex (bad input, an unreadable or unwritable file, a
    closed or full standard output, text the terminal's encoding cannot show)
    print one line on stderr and return 2; a bug in relindex stays a traceback.
    """
    import warnings

    from ..errors import RelindexError, RelindexWarning

    _tolerant_streams()
    argv = sys.argv[1:] if argv is None else list(argv)
    # only the module of the command that runs is imported
    parser = build_parser(only=_command_of(argv))
    args = parser.parse_args(argv)
    if sys.stdout is None:
        return _fail("standard output is closed. Fix: run relindex with its output "
                     "open (redirect it to a file, or to /dev/null to discard it)")
    try:
        with warnings.catch_warnings():
            # each degenerate case is also a note of the result, printed once on stderr
            warnings.simplefilter("ignore", RelindexWarning)
            status = int(args._run(args))
        sys.stdout.flush()  # a full or closed output fails here, not silently at exit
        return status
    except RelindexError as e:
        return _fail(str(e))
    except KeyboardInterrupt:
        print("relindex: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        _discard_stdout()
        return 0
    except OSError as e:
        _discard_stdout()
        where = e.filename if e.filename is not None else "output"
        return _fail(f"{where}: {e.strerror or e}. Fix: check the file or the output "
                     "(disk space, permissions, a closed pipe)")
    except UnicodeError as e:
        return _fail(f"text cannot be encoded or decoded ({e}). Fix: use UTF-8 "
                     "files, and a UTF-8 terminal or PYTHONIOENCODING=utf-8")


def _fail(message: str) -> int:
    """Print one error line on stderr (if it is open); the exit status 2."""
    from ._format import safe

    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(f"relindex: error: {safe(message)}", file=sys.stderr)
    return 2


def _tolerant_streams() -> None:
    """Let stdout and stderr show any text whatever their encoding (escapes, not errors)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if reconfigure is not None and encoding not in ("utf8", "utf8sig"):
            # a stream that cannot change (already detached) is left as it is
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")


def _discard_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush cannot fail again."""
    import os

    try:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, sys.stdout.fileno())
        os.close(fd)
    except (OSError, ValueError, AttributeError):
        pass


#: Tracked allocations the command's process makes before its first garbage collection:
#: about three times what ``relindex score`` of the shipped catalogue allocates in all
#: (mostly the classes, functions and dicts of its imports, which live to the end).
START_UP_ALLOWANCE = 200_000


def _collect_after_start_up() -> None:
    """Defer the first garbage collection past start-up; then collect as Python does.

    The interpreter collects its youngest generation every 700 net allocations of
    objects that can hold references, so the imports of a short command pay for about
    a hundred collections that free almost nothing. Here the first collection waits for
    :data:`START_UP_ALLOWANCE` allocations, and that collection (of any kind) restores
    the interpreter's own thresholds for the rest of the run: garbage cycles are kept
    no longer than start-up, and a large run collects exactly as by default.
    """
    import gc

    default = gc.get_threshold()
    if default[0] == 0:  # collection is off: leave it off
        return

    def restore(phase: str, info: dict[str, int]) -> None:
        if gc.get_threshold()[0] == START_UP_ALLOWANCE:
            gc.set_threshold(*default)

    gc.callbacks.append(restore)
    gc.set_threshold(START_UP_ALLOWANCE, *default[1:])


def entry() -> None:
    """Console-script entry point (also ``python -m relindex``).

    The command's own process does not look for pydantic plugins: relindex validates
    only its own files, and pydantic finds plugins by reading the entry points of every
    installed distribution on the first validation (milliseconds per hundred packages).
    ``PYDANTIC_DISABLE_PLUGINS`` set by the user is kept (empty: load them all). Nor
    does it collect garbage during start-up (:func:`_collect_after_start_up`). A
    program that imports relindex is never changed.
    """
    import os

    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    _collect_after_start_up()
    sys.exit(main())

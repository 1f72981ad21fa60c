"""Paths named inside a catalogue stay inside the catalogue's folder.

Sources files, source documents, evidence ledgers and CSV tables are resolved against
the folder of the file that names them; ``..``, absolute paths and symlinks that lead
outside it are refused with :class:`relindex.PathOutsideError` (naming the file and key)
unless ``allow_outside=True`` (CLI ``--allow-outside``). Each case below fails if
:func:`relindex.files.resolve_inside` returns the path unchecked.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import relindex
from _util import cli
from relindex import InputFileError, PathOutsideError
from relindex.files import resolve_inside

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini"
TABLE = "id,indicator,period,value,unit\nt-1,share,2021,45,%\n"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def layout(tmp_path: Path) -> tuple[Path, Path]:
    """(catalogue folder, a sibling folder outside it holding valid copies of every file)."""
    cat = tmp_path / "cat"
    outside = tmp_path / "cat2"  # shares the prefix 'cat': a string-prefix check would pass it
    shutil.copytree(MINI, cat)
    shutil.copytree(MINI, outside)
    (outside / "table.csv").write_text(TABLE, encoding="utf-8")
    (cat / "table.csv").write_text(TABLE, encoding="utf-8")
    return cat, outside


def point(cat: Path, where: str, target: str) -> tuple[Path, str]:
    """Make the catalogue name `target` for one kind of file; return (file edited, key)."""
    if where == "sources":
        edit(cat / "indicators.toml", 'sources = "sources.toml"', f"sources = {target!r}")
        return cat / "indicators.toml", "catalogue.sources"
    if where == "document":
        edit(cat / "sources.toml", 'file = "doc.txt"', f"file = {target!r}")
        return cat / "sources.toml", "sources.doc.file"
    if where == "evidence":
        edit(cat / "indicators.toml", 'evidence = ["evidence.toml"]', f"evidence = [{target!r}]")
        return cat / "indicators.toml", "catalogue.evidence[0]"
    if where == "table":
        edit(cat / "indicators.toml", 'evidence = ["evidence.toml"]',
             f'evidence = ["evidence.toml"]\ntables = [{{file = {target!r}, citation = "c"}}]')
        return cat / "indicators.toml", "catalogue.tables[0].file"
    raise ValueError(where)


FILE_OF = {"sources": "sources.toml", "document": "doc.txt", "evidence": "evidence.toml",
           "table": "table.csv"}
WHERE = sorted(FILE_OF)


def assert_refused(cat: Path, origin: Path, key: str, value: str) -> None:
    with pytest.raises(PathOutsideError) as info:
        relindex.load(cat)
    e = info.value
    msg = str(e)
    assert e.path == str(origin) and msg.startswith(f"{origin}: ")
    assert e.key == key and key in msg
    assert e.value == value
    assert "allow_outside=True" in msg and "--allow-outside" in msg


@pytest.mark.parametrize("where", WHERE)
def test_dotdot_is_refused(layout: tuple[Path, Path], where: str) -> None:
    """'../cat2/<file>' (a sibling folder sharing the name's prefix) is refused."""
    cat, _ = layout
    target = f"../cat2/{FILE_OF[where]}"
    origin, key = point(cat, where, target)
    assert_refused(cat, origin, key, target)


@pytest.mark.parametrize("where", WHERE)
def test_absolute_path_is_refused(layout: tuple[Path, Path], where: str) -> None:
    """An absolute path is refused, even one that leads to a valid file."""
    cat, outside = layout
    target = str(outside / FILE_OF[where])
    origin, key = point(cat, where, target)
    assert_refused(cat, origin, key, target)


@pytest.mark.parametrize("where", WHERE)
def test_symlink_leading_outside_is_refused(layout: tuple[Path, Path], where: str) -> None:
    """A symlink inside the folder whose target lies outside it is refused."""
    cat, outside = layout
    (cat / "link").symlink_to(outside / FILE_OF[where])
    origin, key = point(cat, where, "link")
    assert_refused(cat, origin, key, "link")


@pytest.mark.parametrize("where", WHERE)
def test_symlinked_folder_leading_outside_is_refused(layout: tuple[Path, Path], where: str
                                                     ) -> None:
    """A path through a symlinked folder that leads outside is refused."""
    cat, outside = layout
    (cat / "sub").symlink_to(outside, target_is_directory=True)
    target = f"sub/{FILE_OF[where]}"
    origin, key = point(cat, where, target)
    assert_refused(cat, origin, key, target)


@pytest.mark.parametrize("where", WHERE)
def test_allow_outside_accepts_every_kind(layout: tuple[Path, Path], where: str) -> None:
    """With allow_outside=True, '..', absolute paths and outward symlinks load."""
    cat, outside = layout
    for target in (f"../cat2/{FILE_OF[where]}", str(outside / FILE_OF[where])):
        fresh = cat.parent / f"fresh-{abs(hash(target))}"
        shutil.copytree(cat, fresh, symlinks=True)
        point(fresh, where, target)
        ds = relindex.load(fresh, allow_outside=True)
        assert any(p.resolve() == (outside / FILE_OF[where]).resolve() for p in ds.files)


@pytest.mark.parametrize("target", ["./doc.txt", "sub/../doc.txt", "inner/doc.txt",
                                    "inner-link/doc.txt", "doc-link.txt"])
def test_paths_that_stay_inside_are_accepted(layout: tuple[Path, Path], target: str) -> None:
    """'.', a '..' that stays inside, sub-folders and symlinks pointing inside are accepted."""
    cat, _ = layout
    (cat / "sub").mkdir()
    (cat / "inner").mkdir()
    shutil.copy(cat / "doc.txt", cat / "inner" / "doc.txt")
    (cat / "inner-link").symlink_to(cat / "inner", target_is_directory=True)
    (cat / "doc-link.txt").symlink_to(cat / "doc.txt")
    point(cat, "document", target)
    ds = relindex.load(cat)
    assert ds.sources["doc"].text == (MINI / "doc.txt").read_text(encoding="utf-8")


def test_catalogue_reached_through_a_symlink_still_reads_its_own_files(tmp_path: Path) -> None:
    """A catalogue folder opened through a symlink may read the files inside its real folder."""
    real = tmp_path / "real"
    shutil.copytree(MINI, real)
    (tmp_path / "alias").symlink_to(real, target_is_directory=True)
    assert relindex.load(tmp_path / "alias").sources["doc"].path.name == "doc.txt"


def test_symlink_loop_is_a_named_error(layout: tuple[Path, Path]) -> None:
    """A symlink loop is an InputFileError naming the file and key, not a RuntimeError."""
    cat, _ = layout
    (cat / "a").symlink_to(cat / "b")
    (cat / "b").symlink_to(cat / "a")
    origin, key = point(cat, "sources", "a")
    with pytest.raises(InputFileError) as info:
        relindex.load(cat)
    assert str(info.value).startswith(f"{origin}: {key} ")


@pytest.mark.parametrize("allow", [False, True])
def test_nul_in_a_path_is_a_named_error(layout: tuple[Path, Path], allow: bool) -> None:
    r"""A path holding a NUL character (TOML '\u0000') is an InputFileError, not a ValueError."""
    cat, _ = layout
    edit(cat / "sources.toml", 'file = "doc.txt"', 'file = "doc\\u0000.txt"')
    with pytest.raises(InputFileError) as info:
        relindex.load(cat, allow_outside=allow)
    assert str(info.value).startswith(f"{cat / 'sources.toml'}: sources.doc.file ")


def test_resolve_inside_directly(tmp_path: Path) -> None:
    """resolve_inside keeps inside paths, refuses the rest, and allow_outside lets them through."""
    base = tmp_path / "base"
    base.mkdir()
    origin = base / "indicators.toml"
    assert resolve_inside(base, "a/b.txt", key="k", origin=origin) == base / "a" / "b.txt"
    for bad in ("..", "../base2/x", "/etc/hostname", "a/../../x"):
        with pytest.raises(PathOutsideError):
            resolve_inside(base, bad, key="k", origin=origin)
        assert resolve_inside(base, bad, key="k", origin=origin, allow_outside=True) is not None


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return cli(*args)


def test_cli_refuses_outside_and_allow_outside_accepts(layout: tuple[Path, Path]) -> None:
    """The CLI exits 2 naming the key on an outside path, and scores it with --allow-outside."""
    cat, _ = layout
    point(cat, "document", "../cat2/doc.txt")
    refused = _cli("score", "-c", str(cat))
    assert refused.returncode == 2, refused.stderr
    assert "sources.doc.file" in refused.stderr and "--allow-outside" in refused.stderr
    assert "Traceback" not in refused.stderr
    allowed = _cli("score", "-c", str(cat), "--allow-outside")
    assert allowed.returncode == 0, allowed.stderr
    assert "Period 2023" in allowed.stdout


def test_symlink_swapped_while_loading_never_reads_outside(tmp_path: Path) -> None:
    """A symlink swapped between an inside and an outside target never gets the outside read.

    A thread keeps swapping ``link.txt`` (atomically) between ``real.txt`` inside the
    catalogue's folder and a valid copy outside it while the catalogue is loaded a few
    hundred times: every load either reads the inside text or is refused, never the outside
    one (checking a path and then opening it again by name fails this about one load in five).
    """
    import threading

    cat = tmp_path / "cat"
    shutil.copytree(MINI, cat)
    text = (MINI / "doc.txt").read_text(encoding="utf-8")
    (cat / "real.txt").write_text(text, encoding="utf-8")
    secret = tmp_path / "outside" / "doc.txt"
    secret.parent.mkdir()
    secret.write_text(text + "\nOUTSIDE-MARKER\n", encoding="utf-8")
    edit(cat / "sources.toml", 'file = "doc.txt"', 'file = "link.txt"')
    link, tmp = cat / "link.txt", cat / "link.tmp"
    link.symlink_to("real.txt")
    stop = threading.Event()
    swaps = 0

    def swapper() -> None:
        nonlocal swaps
        targets = ("real.txt", str(secret))
        while not stop.is_set() and swaps < 2_000_000:
            tmp.unlink(missing_ok=True)
            tmp.symlink_to(targets[swaps % 2])
            os.replace(tmp, link)
            swaps += 1

    outcome = {"inside": 0, "refused": 0, "outside": 0}
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    thread = threading.Thread(target=swapper, daemon=True)
    thread.start()
    try:
        for _ in range(300):
            try:
                ds = relindex.load(cat)
            except PathOutsideError:
                outcome["refused"] += 1
                continue
            key = "outside" if "OUTSIDE-MARKER" in ds.sources["doc"].text else "inside"
            outcome[key] += 1
    finally:
        stop.set()
        thread.join()
        sys.setswitchinterval(old)
    assert swaps > 300, swaps
    assert outcome["outside"] == 0, outcome
    assert outcome["inside"] > 0 and outcome["refused"] > 0, outcome

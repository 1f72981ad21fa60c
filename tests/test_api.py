"""The public API: names, docstrings, types."""

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import relindex

API_DIR = Path(__file__).resolve().parents[1] / "docs" / "api"


def public_modules() -> set[str]:
    """Every module of relindex without a leading underscore, but the command line."""
    return {m.name for m in pkgutil.iter_modules(relindex.__path__)
            if not m.name.startswith("_")} - {"cli"}


def test_all_names_exist_and_are_documented():
    """Every name in relindex.__all__ exists and has a docstring."""
    for name in relindex.__all__:
        obj = getattr(relindex, name)
        if name == "__version__":
            continue
        assert inspect.getdoc(obj), f"{name} has no docstring"


def test_dir_shows_relindex_names_only_and_data_is_a_type_alias():
    """dir(relindex) (tab completion) lists no helper imports; relindex.Data is a real union."""
    import typing

    names = {n for n in dir(relindex) if not n.startswith("_")}
    assert not names & {"sys", "types", "TYPE_CHECKING"}
    assert set(relindex.__all__) - {"__version__"} <= names
    assert set(typing.get_args(relindex.Data)) >= {relindex.Dataset, relindex.Model, str,
                                                   type(None)}
    assert relindex.Data.__doc__ != str.__doc__


def test_public_functions_are_type_hinted():
    """Public functions annotate their parameters and return values."""
    for name in ("load", "score", "build_model"):
        sig = inspect.signature(getattr(relindex, name))
        assert sig.return_annotation is not inspect.Signature.empty
        for p in sig.parameters.values():
            assert p.annotation is not inspect.Parameter.empty, f"{name}({p.name})"


def test_py_typed_marker_is_shipped():
    """The package carries a py.typed marker."""
    from importlib import resources

    assert (resources.files("relindex") / "py.typed").is_file()


def test_errors_share_one_base():
    """Every exception relindex exports derives from RelindexError (a ValueError)."""
    for name in relindex.__all__:
        obj = getattr(relindex, name)
        if inspect.isclass(obj) and issubclass(obj, Exception) and not issubclass(obj, Warning):
            assert issubclass(obj, relindex.RelindexError)
    assert issubclass(relindex.RelindexError, ValueError)


def test_api_pages_list_and_document_every_public_module():
    """docs/api/index.md has a row for each public module, and docs/api/NAME.md its section.

    Read as text, so it runs without the docs extra (the site test checks the rendering).
    """
    text = (API_DIR / "index.md").read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| \[`relindex\.(\w+)`\]\(\1\.md\) \|", text, re.M))
    assert rows == public_modules()
    pages = {p.stem for p in API_DIR.glob("*.md")} - {"index"}
    assert pages == public_modules()
    for name in pages:
        sections = re.findall(r"^::: relindex\.(\w+)$", (API_DIR / f"{name}.md").read_text(
            encoding="utf-8"), re.M)
        assert sections == [name], name
    verbs = set(re.findall(r"^::: relindex\.(?:_api\.)?(\w+)$", text, re.M)) - {"__version__"}
    assert verbs == {"audit", "compare"}  # the verbs named like a module, documented here


def test_every_public_module_declares_its_documented_names():
    """Each public module has an __all__ whose names exist and carry a docstring."""
    for name in sorted(public_modules()):
        module = importlib.import_module(f"relindex.{name}")
        assert inspect.getdoc(module), name
        names = getattr(module, "__all__", None)
        assert names, f"relindex.{name} has no __all__"
        for attr in names:
            obj = getattr(module, attr)
            if inspect.isfunction(obj) or inspect.isclass(obj):
                assert inspect.getdoc(obj), f"relindex.{name}.{attr} has no docstring"

"""The public API: names, docstrings, types."""

import inspect

import relindex


def test_all_names_exist_and_are_documented():
    """Every name in relindex.__all__ exists and has a docstring."""
    for name in relindex.__all__:
        obj = getattr(relindex, name)
        if name == "__version__":
            continue
        assert inspect.getdoc(obj), f"{name} has no docstring"


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

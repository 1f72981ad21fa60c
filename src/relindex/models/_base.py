"""The base of every TOML model: strict, frozen, no unknown keys.

Also the field types they share, and the way a rule reports a problem with its fix.
"""

import math
import unicodedata
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
ID_MAX_LENGTH = 120
"""The longest id (of a record, an indicator, an entity) a file may declare."""
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]
Reason = Annotated[str, Field(min_length=1, max_length=4000)]

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _plain_text(v: str) -> str:
    """Refuse control characters, line separators and bidirectional formatting in a label.

    A printable string (`str.isprintable`: no character of the categories Other or
    Separator but the space) has none of them: only another string is walked.
    """
    if v.isprintable():
        return v
    for n, ch in enumerate(v):
        if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Zl", "Zp"):
            raise ValueError(f"must not contain control or bidirectional formatting characters "
                             f"(U+{ord(ch):04X} at position {n})")
    return v


Label = Annotated[str, Field(min_length=1), AfterValidator(_plain_text)]
"""A name or title shown to readers: no control, line-separator or bidi characters."""
Name = Annotated[str, Field(min_length=1, max_length=200), AfterValidator(_plain_text)]
"""A `Label` of at most 200 characters: the name of an entity (or of the catalogue, which
names the entity of a one-entity catalogue)."""


class _Model(BaseModel):
    # defer_build: schemas are built on first validation, not at import; field docstrings
    # are read by `field_docs` when asked for (pydantic's use_attribute_docstrings parses
    # this module's source at import), so that ``relindex score`` starts fast.
    # strict: no string-to-number or bool-to-number coercion (an int is still a float)
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True, strict=True)

    @model_validator(mode="before")
    @classmethod
    def _arrays_as_tuples(cls, data: Any) -> Any:
        # TOML arrays arrive as lists; strict mode takes only tuples for tuple fields
        if isinstance(data, dict) and any(isinstance(v, list) for v in data.values()):
            return {k: tuple(v) if isinstance(v, list) else v for k, v in data.items()}
        return data


_FIELD_DOCS: dict[str, dict[str, str]] = {}


def field_docs(model: type[BaseModel]) -> dict[str, str]:
    """The docstring under each field of a relindex model, by field name.

    Parameters
    ----------
    model : type
        A model class defined in a module of `relindex.models`.

    Returns
    -------
    dict of str to str
        Field name to its docstring (cleaned of indentation); fields without one are
        left out.
    """
    key = f"{model.__module__}.{model.__name__}"
    if key not in _FIELD_DOCS:
        import ast
        import inspect

        module = inspect.getmodule(model)
        tree = ast.parse(inspect.getsource(module))  # type: ignore[arg-type]
        for node in tree.body:
            if not isinstance(node, ast.ClassDef):
                continue
            docs: dict[str, str] = {}
            body = node.body
            for a, b in zip(body, body[1:], strict=False):
                if (isinstance(a, ast.AnnAssign) and isinstance(a.target, ast.Name)
                        and isinstance(b, ast.Expr) and isinstance(b.value, ast.Constant)
                        and isinstance(b.value.value, str)):
                    docs[a.target.id] = inspect.cleandoc(b.value.value)
            _FIELD_DOCS[f"{model.__module__}.{node.name}"] = docs
        _FIELD_DOCS.setdefault(key, {})
    return _FIELD_DOCS[key]


RULE = "relindex_rule"
"""Error type of the rules below that name their own fix (in the error's ``ctx``)."""

Loc = tuple[str | int, ...]
"""Where a value sits, as a path of keys and array positions."""


def problem(loc: Loc, rule: str, fix: str, *value: Any) -> InitErrorDetails:
    """A rule broken at `loc` (relative to the model being validated), with its fix.

    `rule` is phrased to follow the key ("must be ..."); give `value` to show it.
    """
    return InitErrorDetails(type=PydanticCustomError(RULE, rule.replace("{", "{{").replace(
        "}", "}}"), {"fix": fix}), loc=loc, input=value[0] if value else {})


def refuse(title: str, problems: list[InitErrorDetails]) -> None:
    """Raise every problem found at once (pydantic nests their places under the caller's)."""
    if problems:
        raise ValidationError.from_exception_data(title, problems)


def _finite_nonneg(v: float) -> float:
    if not math.isfinite(v) or v < 0:
        raise ValueError("must be a finite number >= 0")
    return v

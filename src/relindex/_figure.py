"""Figures that show themselves in Jupyter, and their rendering to SVG, PNG and PDF (private).

`new_figure` builds a `matplotlib.figure.Figure` (no ``pyplot`` state, no GUI backend)
whose class has ``_repr_png_``: a notebook cell that ends with a chart shows it, with
no ``%matplotlib`` magic (with the inline backend active, its own formatter is used
instead, so the chart shows once).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputFileError, MissingExtraError, RelindexError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

FORMATS = {".svg": "svg", ".png": "png", ".pdf": "pdf"}
"""The file suffixes relindex draws to, and their formats."""

_CLASS: list[Any] = []


def _figure_class() -> Any:
    """The Figure subclass with a PNG repr (built once, on first use)."""
    try:
        from matplotlib.figure import Figure
    except ImportError:
        raise MissingExtraError("matplotlib is not installed",
                                fix="pip install 'relindex[plot]'") from None
    if not _CLASS:
        class RelindexFigure(Figure):
            """A matplotlib Figure that a notebook displays as a PNG image."""

            def _repr_png_(self) -> bytes:
                return render(self, "png", "chart")

        _CLASS.append(RelindexFigure)
    return _CLASS[0]


def new_figure(width: float, height: float) -> Figure:
    """A figure of `width` x `height` inches with constrained layout.

    Raises
    ------
    MissingExtraError
        When matplotlib is not installed.
    """
    fig: Figure = _figure_class()(figsize=(width, height), layout="constrained")
    return fig


def render(fig: Figure, fmt: str, salt: str) -> bytes:
    """The figure's bytes in `fmt`: no date in SVG and PDF, text as text in SVG."""
    import matplotlib

    buf = io.BytesIO()
    rc: dict[str, Any] = {"svg.fonttype": "none", "svg.hashsalt": salt}
    metadata: dict[str, Any] = {"Date": None} if fmt in ("svg", "pdf") else {}
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig.savefig(buf, format=fmt, metadata=metadata, dpi=150 if fmt == "png" else "figure")
    return buf.getvalue()


def to_svg(fig: Figure, *, label: str = "chart", salt: str | None = None) -> str:
    """Render the figure as an SVG element ready to sit inline in an HTML page.

    The XML prolog and doctype are dropped; the fixed width and height become a
    ``viewBox`` scaled to the container; text stays text (``svg.fonttype =
    'none'``), escaped by matplotlib; element ids are prefixed with `salt`
    (default: the label), so two charts can share a page.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    label : str
        Accessible name of the chart (``aria-label``).
    salt : str, optional
        Prefix of the element ids (default: `label`).
    """
    import html

    text = render(fig, "svg", salt if salt is not None else label).decode("utf-8")
    text = text[text.index("<svg"):]
    head_end = text.index(">")
    head = text[:head_end]
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    head += (f' role="img" aria-label="{html.escape(label, quote=True)}"'
             ' style="width:100%;height:auto" preserveAspectRatio="xMidYMid meet"')
    body = text[head_end:]
    # element ids ("figure_1", "axes_1", clip paths) prefixed, so charts can share a page
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", salt if salt is not None else label) or "chart"
    body = re.sub(r'(\sid=")|(url\(#)|(href="#)', lambda m: m.group(0) + f"{prefix}-", body)
    # no blank lines, so the element survives as one raw HTML block in Markdown
    return "\n".join(line for line in (head + body).splitlines() if line.strip())


def save(fig: Figure, path: str | Path, format: str | None = None) -> Path:
    """Write the figure to `path` atomically, as `format` or as its suffix says.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    path : str or Path
    format : {"svg", "png", "pdf"}, optional
        Default: from the suffix of `path` (``.svg``, ``.png`` or ``.pdf``).

    Raises
    ------
    RelindexError
        For another format or suffix, or a format that contradicts the suffix.
    """
    from .files import atomic_write

    out = Path(path)
    by_suffix = FORMATS.get(out.suffix.lower())
    if format is not None:
        if format not in FORMATS.values():
            raise RelindexError("is not a format relindex can draw", key="format",
                                value=format, fix="use svg, png or pdf")
        if by_suffix is not None and by_suffix != format:
            raise RelindexError(f"contradicts the file name's suffix {out.suffix!r}",
                                key="format", value=format,
                                fix=f"name the file *.{format}, or leave the format out")
    fmt = format or by_suffix
    if fmt is None:
        raise RelindexError("has a suffix relindex cannot draw", key="path", value=str(out),
                            fix="end the file name in .svg, .png or .pdf, or pass a format")
    if out.is_dir():
        raise InputFileError("is a folder, not a file to write", path=out,
                             fix=f"name a file inside it, e.g. {out / ('index.' + fmt)}")
    data = render(fig, fmt, out.stem)
    try:
        atomic_write(out, data)
    except OSError as e:
        raise InputFileError(f"cannot be written ({e.strerror or e})", path=out,
                             fix="name a file in an existing, writable folder (a path under "
                             "a file is not one)") from None
    return out

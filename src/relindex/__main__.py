"""``python -m relindex``: the command line."""

from .cli import entry

entry()

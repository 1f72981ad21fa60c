"""``python -m relindex.cli``."""

from . import entry

entry()

"""relindex: an evidence-linked cooperation-versus-friction index."""

__version__ = "0.1.0"

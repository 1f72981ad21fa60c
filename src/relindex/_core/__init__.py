"""The pure numerical core of relindex: numpy in, numpy out; no I/O, no validation, no printing."""

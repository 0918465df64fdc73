"""The ``timeline`` command's entry point, also run by ``python -m timeline``."""

from __future__ import annotations

import sys


def run() -> None:
    """Run the command; a Ctrl-C while it starts ends it as quietly as one later does.

    Loading the libraries takes the first half second. A Ctrl-C then, before click's own
    handling exists, would show Python's traceback; here it prints what click prints.
    """
    try:
        from .cli import main

        main()
    except KeyboardInterrupt:
        sys.stderr.write("\nAborted!\n")
        raise SystemExit(1) from None


if __name__ == "__main__":
    run()

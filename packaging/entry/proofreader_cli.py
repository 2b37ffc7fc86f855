"""Entry script of the frozen command line, ``proofreader`` (console)."""

import sys

from proofreader.cli import main

if __name__ == "__main__":
    sys.exit(main())

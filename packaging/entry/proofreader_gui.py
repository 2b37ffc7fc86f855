"""Entry script of the frozen window, ``proofreader-gui`` (windowed: no console)."""

import sys

from proofreader.gui.app import main

if __name__ == "__main__":
    sys.exit(main())

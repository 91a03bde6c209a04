"""``python -m tamis``: the same command line as the ``tamis`` script."""

import sys

from tamis.cli import main

if __name__ == "__main__":
    sys.exit(main())

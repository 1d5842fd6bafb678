"""Allow ``python -m fmcat``."""

import sys

from fmcat.cli import main

sys.exit(main())

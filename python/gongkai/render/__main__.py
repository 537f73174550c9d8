"""``python -m gongkai.render``: see :func:`gongkai.render.main`."""

import sys

from . import main

sys.exit(main())

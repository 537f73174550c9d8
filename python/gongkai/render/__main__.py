"""``python -m gongkai.render``: see :func:`gongkai.render.samples.main`."""

import sys

from .samples import main

sys.exit(main())

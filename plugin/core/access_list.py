"""Transitional alias of :mod:`plugin.core.access` for branches written before the split
(issue #13); new code imports ``plugin.core.access``. Remove once nothing imports it."""

from .access import *  # noqa: F403
from .access import __all__  # noqa: F401

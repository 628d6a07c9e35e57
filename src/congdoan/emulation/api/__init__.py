"""``/api/v1/emulation``: emulation blocks with their members and yearly leaders, the
covenants they sign, and the scoring of their year."""

from . import blocks, covenants, movements, scorecards  # noqa: F401  (each adds its routes)
from .common import router

__all__ = ["router"]

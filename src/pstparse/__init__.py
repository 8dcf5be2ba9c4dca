"""pstparse: structured, checked data from Walloon PST, DPS/DPC, programmes and project sheets."""

from __future__ import annotations

__version__ = "0.1.0"

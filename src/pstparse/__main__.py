"""``python -m pstparse``."""

from pstparse.cli import main

main()

"""The layout matrix: generated documents with gold, scored by ``bench/matrix_accuracy.py``."""

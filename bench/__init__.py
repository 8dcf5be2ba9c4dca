"""Speed, memory and accuracy benchmark of pstparse against the tools users would pick.

``python bench/corpus.py`` builds the corpus, ``python bench/run.py`` measures and writes
``docs/benchmarks.md``; see ``bench/README.md``.
"""

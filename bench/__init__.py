"""lozdev's benchmarks: ``bench/run.py`` (pages, background work, growth) and ``bench/directory.py``."""

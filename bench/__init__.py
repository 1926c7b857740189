"""National-scale dataset generator and benchmarks (docs/performance.md).

`python -m bench.generate` builds the dataset (`make bench-data`), `python -m bench.run`
measures the pages against their floors (`make bench`). PostgreSQL only.
"""

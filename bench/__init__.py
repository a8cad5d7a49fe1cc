"""The benchmark: ``python -m bench.run`` (``make bench``); see README.md."""

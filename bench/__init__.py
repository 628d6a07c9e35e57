"""National-scale benchmarks on PostgreSQL (``make bench``)."""

"""Web views of ops: the Prometheus metrics endpoint."""

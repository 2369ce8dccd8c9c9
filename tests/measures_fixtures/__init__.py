"""Plain-data fixtures for the measures tests (no browser, no network)."""

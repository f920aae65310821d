"""Models of the lrs app."""

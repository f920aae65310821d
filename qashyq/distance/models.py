"""Models of this app (filled in by the issue-3 work)."""

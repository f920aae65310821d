"""Models of this app (filled in by the issue-4 work)."""

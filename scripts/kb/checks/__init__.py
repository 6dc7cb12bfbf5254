"""Cross-reference rules, one per module."""

"""The agreement, its clauses, the status scales and the rules: plain Python, no Qt, no SQL."""

"""The use cases: one transaction per officer action."""

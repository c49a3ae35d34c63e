"""The review memo (reportlab), made from a domain snapshot. The only package that imports reportlab."""

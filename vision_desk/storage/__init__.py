"""The local store: SQLite through SQLAlchemy. The only package that imports SQLAlchemy."""

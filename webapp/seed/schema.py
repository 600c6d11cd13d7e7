"""Moved to webapp/versions/schema.py (the catalogue's checks are shared by the seed, the editor and
the import); edit the rules there."""

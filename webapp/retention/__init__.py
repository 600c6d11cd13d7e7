"""How long each kind of personal record is kept, and the sweep that deletes or anonymises it after.

The periods are data (RetentionRule rows the province administrator edits); the defaults and their
sources live in rules.py. Audit rows (Transition, AdminEvent, DossierView) are never swept."""

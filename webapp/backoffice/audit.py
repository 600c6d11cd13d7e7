"""The audit page: every step and every view of a dossier, with who, when and from where."""

"""The dossier's own rules that several features need: numbering, timing and lateness, fees and the
delivery choice, files and their kinds, drafts, the words shown for its codes, and who may read it.

Shared layer: features import it; it imports no feature and not the workflow (which builds on it).
"""

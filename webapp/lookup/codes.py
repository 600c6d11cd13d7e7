"""Dossier codes as people type them: with spaces, in lower case, with or without the dashes."""

import re

# {agency code}-{yyMMdd}-{NNNN}; the agency code has letters, digits and dots but no dash.
_SPLIT = re.compile(r"^([0-9A-Z.]*[A-Z.][0-9A-Z.]*?)(\d{6})(\d{4})$")


def normalise_code(text):
    """The canonical code for what someone typed, or '' when it cannot be one."""
    packed = re.sub(r"[\s\-–—_/]+", "", (text or "").upper())
    if len(packed) > 40:
        return ""
    match = _SPLIT.match(packed)
    return f"{match[1]}-{match[2]}-{match[3]}" if match else ""

"""Which codes this browser has proven (code + second factor), kept in the signed session cookie.

The last few codes only, each for a working day's worth of hours: a shared computer at the commune
office should not keep showing someone's dossier to the next person for long.
"""

import time

KEY = "lookup_codes"
KEEP = 10
PROOF_SECONDS = 12 * 3600


def remember(session, code, now=None):
    now = time.time() if now is None else now
    kept = [entry for entry in session.get(KEY, []) if entry[0] != code and now - entry[1] < PROOF_SECONDS]
    session[KEY] = (kept + [[code, int(now)]])[-KEEP:]


def proven(session, code, now=None):
    now = time.time() if now is None else now
    return any(entry[0] == code and now - entry[1] < PROOF_SECONDS for entry in session.get(KEY, ()))

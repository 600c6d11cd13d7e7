"""Who is asking: officers' sessions (current staff, login required, their units), argon2 passwords,
TOTP, throttles, and the SMS one-time codes a citizen proves a phone number with.

Shared layer: every feature checks its readers through it; the login pages are the auth feature.
"""

"""Staff passwords: argon2id, with the cost taken from configuration and upgraded at login."""

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 10


def hasher():
    return PasswordHasher(type=Type.ID, **current_app.config["PASSWORD_HASH"])


def hash_password(password):
    return hasher().hash(password)


def check_password(stored_hash, password):
    """(matches, new_hash): new_hash is set when the stored hash used other parameters."""
    ph = hasher()
    try:
        ph.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False, None
    return True, (ph.hash(password) if ph.check_needs_rehash(stored_hash) else None)


def password_problem(password):
    """Why a new password is refused (in English: only the CLI sets passwords), or None."""
    if len(password) < MIN_LENGTH:
        return f"the password needs at least {MIN_LENGTH} characters"
    if password.strip() != password:
        return "the password must not start or end with a space"
    return None

"""Comparing what a request brings with a secret we hold (signatures, digests, codes): in constant time,
and never an exception, whatever arrives.

`hmac.compare_digest` raises TypeError on a str with a non-ASCII character (a `%C3%A9` in a query
string) and on None; here any such input is simply not the secret.
"""

import hmac


def same_secret(given, expected, ignore_case=False):
    """Whether `given` (from outside: missing, any type, any text) equals `expected` (ours).

    An empty or missing `expected` matches nothing: without a secret nothing is genuine.
    `ignore_case` is for hex digests, which some senders write in capitals.
    """
    if not expected or not isinstance(given, (str, bytes)) or not isinstance(expected, (str, bytes)):
        return False
    if ignore_case:
        given, expected = given.lower(), expected.lower()
    return hmac.compare_digest(_as_bytes(given), _as_bytes(expected))


def _as_bytes(value):
    # surrogatepass: even a lone surrogate (from a badly decoded request) encodes, and distinctly.
    return value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")

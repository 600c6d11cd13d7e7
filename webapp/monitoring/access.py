"""Who may read /metrics: the holder of METRICS_TOKEN (Authorization: Bearer …) when one is set;
without one, only a caller from a loopback or private address, as seen through TRUSTED_PROXIES."""

import ipaddress

from flask import current_app, request

from webapp.constant_time import same_secret

# Headers a proxy adds. When TRUSTED_PROXIES is 0 they are not believed, and the address we see may
# be a proxy's own (private) one: a request carrying them is then not taken for a local caller.
FORWARDED = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


def may_scrape():
    """None when the caller may read the metrics, else the status to answer (403 or 404)."""
    token = current_app.config.get("METRICS_TOKEN") or ""
    if token:
        scheme, _, given = request.headers.get("Authorization", "").partition(" ")
        return None if scheme.lower() == "bearer" and same_secret(given.strip(), token) else 403
    return None if _private_caller() else 404


def _private_caller():
    if not current_app.config.get("TRUSTED_PROXIES") and any(name in request.headers for name in FORWARDED):
        return False
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return address.is_loopback or (address.is_private and not address.is_link_local)

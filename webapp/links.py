"""Absolute links for texts that leave the site (SMS, QR stamps), with or without a request.

In a request the link points where the citizen reached us; a job or the seed has no request and
uses PUBLIC_URL, the address the deployment is reached at.
"""

from urllib.parse import urlsplit

from flask import current_app, has_request_context, url_for


def external_url(endpoint, **values):
    if has_request_context():
        return url_for(endpoint, **values, _external=True)
    base = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https")
    return adapter.build(endpoint, values, force_external=True)

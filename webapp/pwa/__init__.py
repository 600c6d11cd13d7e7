"""The installable app: the web app manifest, the service worker and the page it shows offline."""

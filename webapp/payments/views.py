"""Paying a dossier's fee online: the start page, the gateway's return (display only) and its IPN."""

from flask import Blueprint

bp = Blueprint("payments", __name__)

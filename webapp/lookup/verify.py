"""Public verification of a signed e-result: the QR code on it leads here."""

from flask import Blueprint

bp = Blueprint("verify", __name__)

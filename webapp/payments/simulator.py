"""A local bank page speaking the VNPay protocol, for demo and tests only."""

from flask import Blueprint

bp = Blueprint("payment_simulator", __name__)

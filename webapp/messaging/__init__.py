"""Sending SMS: the fixed templates without diacritics, the outbound queue (one message per dossier
and event), the gateways behind one interface (outbox, Kannel) and the job that sends and retries.

Shared layer: any feature may text someone through it; what people text us is the sms feature.
"""

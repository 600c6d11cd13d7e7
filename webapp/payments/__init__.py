"""Mức 4 payments: fees paid online through a gateway (VNPay 2.1.0, PayGov later), and receipts."""

"""Digital signatures (PAdES) on the papers MotCua issues, and their verification.

A domain layer below the features: the workflow's signing job (webapp/workflow/signing.py), the
receipts and form 01, and the public verification page all use it. Three parts:

- keys.py: where each signer's key and certificate live (PKCS#12 files by configuration), and the
  demo PKI (a province root CA, an organisation certificate per agency, a personal one per leader)
  made at first start when SIGNING_DEMO_PKI is on. Never in the repository.
- signer.py: one signing interface; LocalSigner signs with those files. A remote signing service
  will be another implementation of the same interface; the web process never needs a key, since
  signing runs in a job.
- validation.py: pyHanko's validator against the configured trust roots, in plain words.
"""

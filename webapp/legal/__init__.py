"""The register of legal documents and what the catalogue cites from it (issue 18).

A domain layer: no Flask request here. `register` answers what a document is and whether it is in
force on a day; `citations` which procedures cite which documents and which of them need a review."""

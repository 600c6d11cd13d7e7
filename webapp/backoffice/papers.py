"""The papers of the workflow, forms 02–05 and 07, as printable pages and PDF."""

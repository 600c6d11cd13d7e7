"""Statistics and reports (issue 8): figures computed from the dossiers' own timestamps."""

"""Supplements (form 02): what the desk asks for, the citizen's upload link, and the clock."""

"""The public status lookup (tra cứu hồ sơ) and the citizens' satisfaction ratings."""

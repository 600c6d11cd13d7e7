"""Working days and working hours: when a dossier is due (DOMAIN §5).

`working_time` is pure arithmetic over a calendar of exceptions; `services` reads and seeds the
CalendarDay table that feeds it, so deadlines depend only on what an admin can see and edit.
"""

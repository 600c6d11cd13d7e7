"""Finding a procedure by its code (or an old code it replaced) and the desks that receive it."""

from webapp.models import Agency, Field, Procedure, ProcedureAlias, Unit
from webapp.text import vi_sorted


def find_procedure(code):
    """(procedure, None), or (None, current code) for an old code, or (None, None)."""
    procedure = Procedure.select(Procedure, Field).join(Field).where(Procedure.code == code).first()
    if procedure:
        return procedure, None
    alias = ProcedureAlias.select(ProcedureAlias, Procedure).join(Procedure).where(ProcedureAlias.code == code).first()
    return None, (alias.procedure.code if alias else None)


def agencies_for(procedure):
    """The one-stop desks that receive this procedure: those of units of its tier, in Vietnamese order of
    the unit's full name as the picker shows it, so by kind ("Phường …", then "Xã …"), then by name."""
    agencies = Agency.select(Agency, Unit).join(Unit).where(Unit.tier == procedure.tier)
    return vi_sorted(agencies, lambda agency: agency.unit.full_name)

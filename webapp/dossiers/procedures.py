"""Finding a procedure by its code (or an old code it replaced) and the desks that receive it."""

from webapp.models import Agency, Field, Procedure, ProcedureAlias, Unit


def find_procedure(code):
    """(procedure, None), or (None, current code) for an old code, or (None, None)."""
    procedure = Procedure.select(Procedure, Field).join(Field).where(Procedure.code == code).first()
    if procedure:
        return procedure, None
    alias = ProcedureAlias.select(ProcedureAlias, Procedure).join(Procedure).where(ProcedureAlias.code == code).first()
    return None, (alias.procedure.code if alias else None)


def agencies_for(procedure):
    """The one-stop desks that receive this procedure: those of units of its tier."""
    return list(
        Agency.select(Agency, Unit).join(Unit).where(Unit.tier == procedure.tier).order_by(Unit.kind, Unit.name)
    )

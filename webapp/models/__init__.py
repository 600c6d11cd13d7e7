"""Models by aggregate; ALL_MODELS in creation order (parents before children)."""

from webapp.models.catalogue import Field, FormDefinition, Procedure, ProcedureAlias, RuleSet
from webapp.models.units import Agency, Unit

ALL_MODELS = [Unit, Agency, Field, Procedure, ProcedureAlias, RuleSet, FormDefinition]

__all__ = [
    "ALL_MODELS",
    "Agency",
    "Field",
    "FormDefinition",
    "Procedure",
    "ProcedureAlias",
    "RuleSet",
    "Unit",
]

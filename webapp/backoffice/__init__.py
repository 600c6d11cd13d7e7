"""The one-stop back office. `views` holds the blueprint, the queues, the dossier page and the action
runner; each area registers its routes and action steps on that blueprint in its own module, all
loaded here, so importing any one of them loads the whole back office in a fixed order."""

from webapp.backoffice import audit, counter, fees, papers, post, processing, result, supplement  # noqa: F401
from webapp.backoffice.views import bp

__all__ = ["bp"]

"""Reading what the monitoring routes and loggers give: /metrics parsed by prometheus-client's own
parser, the JSON log lines as their handler writes them."""

import json
import logging

from prometheus_client.parser import text_string_to_metric_families

from webapp.monitoring.logs import LOGGERS, handler_of


def scrape(client, **kwargs):
    """{(sample name, {label: value} as sorted tuples): value} of one /metrics answer (200 expected)."""
    response = client.get("/metrics", **kwargs)
    assert response.status_code == 200, response.status_code
    families = text_string_to_metric_families(response.get_data(as_text=True))
    return {(s.name, tuple(sorted(s.labels.items()))): s.value for family in families for s in family.samples}


def value(samples, name, **labels):
    return samples.get((name, tuple(sorted(labels.items()))), 0)


class Lines:
    """The JSON lines the request and job loggers write while attached (LOG_FORMAT=json)."""

    def __init__(self, caplog):
        self.caplog = caplog

    def __enter__(self):
        for name in LOGGERS:
            logging.getLogger(name).addHandler(self.caplog.handler)
        return self

    def __exit__(self, *exc):
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(self.caplog.handler)

    def of(self, logger):
        """Each line `logger` wrote, as its own handler formats it, parsed back from JSON."""
        handler = handler_of(logger)
        assert handler is not None, f"{logger} has no handler: is LOG_FORMAT json?"
        return [json.loads(handler.format(r)) for r in self.caplog.records if r.name == logger]

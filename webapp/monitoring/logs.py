"""The request and job log lines: JSON (LOG_FORMAT=json, production), a short plain line (plain), or
nothing of our own (off: the records still reach whatever the root logger has, as pytest's caplog)."""

import datetime
import json
import logging
import sys

LOGGERS = ("motcua.request", "motcua.job")
FORMATS = ("json", "plain", "off")


class JsonFormatter(logging.Formatter):
    """One JSON object a line: the time (UTC), the level, the logger, the message and the record's
    `fields` (set with extra={"fields": {...}})."""

    def format(self, record):
        line = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **getattr(record, "fields", {}),
        }
        return json.dumps(line, ensure_ascii=False, default=str)


class PlainFormatter(logging.Formatter):
    def format(self, record):
        fields = " ".join(f"{key}={value}" for key, value in getattr(record, "fields", {}).items())
        return f"{record.levelname} {record.name} {record.getMessage()} {fields}"


def configure(log_format):
    """Give the request and job loggers one stderr handler in `log_format` (replacing the one an earlier
    app of this process gave them: tests and the worker build several)."""
    if log_format not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {log_format!r}")
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if getattr(h, "motcua", False)]:
            logger.removeHandler(handler)
        if log_format == "off":
            logger.setLevel(logging.NOTSET)
            logger.propagate = True
            continue
        handler = logging.StreamHandler(sys.stderr)
        handler.motcua = True
        handler.setFormatter(JsonFormatter() if log_format == "json" else PlainFormatter())
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # one line per event, not a second one through the root logger


def handler_of(name):
    """The handler configure() gave logger `name`, or None."""
    return next((h for h in logging.getLogger(name).handlers if getattr(h, "motcua", False)), None)

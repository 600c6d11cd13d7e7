"""What every seed file shares: reading YAML, writing a row only when it differs, counting what changed,
and the error that names the file, record and field at fault."""

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

# libyaml's safe loader when PyYAML was built with it: the catalogue loads ten times faster.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SeedError(Exception):
    """Names the file, the record and the field at fault."""

    def __init__(self, file, record, path, message):
        self.file, self.record, self.path, self.message = file, record, path, message
        where = ", ".join(p for p in (file, record and f"record {record}", path and f"field {path}") if p)
        super().__init__(f"{where}: {message}")


@dataclass
class Report:
    created: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)

    def count(self, outcome, model):
        if outcome:
            bucket = self.created if outcome == "created" else self.updated
            bucket[model.__name__] = bucket.get(model.__name__, 0) + 1

    @property
    def changed(self):
        return bool(self.created or self.updated)


def plain(value):
    """YAML gives dates as objects; JSON columns keep them as ISO text."""
    return json.loads(json.dumps(value, default=lambda v: v.isoformat(), ensure_ascii=False))


def upsert(model, key, values, report):
    """Create the row, or update only the columns that differ; unchanged rows are not written."""
    row = model.get_or_none(**key)
    if row is None:
        row = model.create(**key, **values)
        report.count("created", model)
        return row
    # __data__ holds foreign keys as ids, so comparing never loads a related row.
    changed = [name for name, value in values.items() if row.__data__.get(name) != value]
    if changed:
        for name in changed:
            setattr(row, name, values[name])
        row.save(only=[getattr(model, name) for name in changed])
        report.count("updated", model)
    return row


def read_yaml(path):
    """A seed file's data, or SeedError naming the file: every YAML seed file is read here."""
    try:
        return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise SeedError(Path(path).name, None, None, f"not valid YAML: {exc}") from exc

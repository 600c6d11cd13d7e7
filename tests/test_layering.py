"""The layer map: features import shared layers only, never each other; shared layers never import a
feature; no two packages import each other, even through others, even inside functions."""

import ast
from pathlib import Path

WEBAPP = Path(__file__).resolve().parents[1] / "webapp"

# Modules importable by any feature (a name covers the package or module and all below it).
SHARED = (
    "webapp.models",
    "webapp.db",
    "webapp.config",
    "webapp.jobs",
    "webapp.workflow",
    "webapp.dossiers",
    "webapp.forms_engine",
    "webapp.calendar",  # working time and its tables
    "webapp.identity",  # staff sessions, login required, passwords, one-time codes
    "webapp.messaging",  # SMS sending: templates, outbound queue, gateways, the sending job
    "webapp.formatting",
    "webapp.form_fields",
    "webapp.i18n",
    "webapp.i18n_catalogs",
    "webapp.phone",
    "webapp.text",
    "webapp.links",
    "webapp.ratelimit",
    "webapp.spreadsheets",
    "webapp.prepared_sql",
    "webapp.extensions",
    "webapp.assets",
    "webapp.headers",
    "webapp.constant_time",  # comparing what a request brings with a secret
    "webapp.migrate",
    "webapp.errors",
    "webapp.bounded",  # whole numbers from URLs and forms, within what the database stores
    "webapp.admin_log",  # the administrators' audit log
    "webapp.legal",  # the register of legal documents and who cites them
    "webapp.versions",  # the catalogue as versioned bundles: checks, drafts, publication, differences
    "webapp.signing",  # digital signatures: keys, the signing interface, validation
    "webapp.storage",  # where files live: this host's folders or PostgreSQL
    "webapp.backup",  # backups of the database and the stored files, and their restore
    "webapp.retention",  # how long personal records are kept, and the sweep that deletes or anonymises them
)
FEATURES = (
    "catalogue",
    "filing",
    "backoffice",
    "lookup",
    "payments",
    "reports",
    "pwa",
    "seed",
    "sms",  # what people text us: commands, gateway webhooks, the demo outbox page
    "calendar_admin",
    "catalogue_admin",  # the register, the procedure editor, approval, import and export
    "auth",  # the login and account-security pages
    "vneid_demo",  # the demo identity provider (OIDC), demo and tests only
    "signin",  # citizens sign in with the national electronic identity (OIDC client)
    "core",
    "monitoring",  # /metrics, /healthz/live and /healthz/ready, the request log and its request id
    "retention_admin",  # /quan-tri/luu-tru: the retention periods and the next sweep's dry run
    "privacy",  # the privacy notice (/quyen-rieng-tu)
)
# The composition root puts the app together and may import anything.
ROOT = ("webapp", "webapp.cli", "webapp.worker", "webapp.templating")


def module_name(path):
    parts = list(path.relative_to(WEBAPP.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path):
    """Every webapp module `path` imports, at the top or inside a function, as (name, line)."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found = [f"{base}.{alias.name}" for alias in node.names] or [base]
        else:
            continue
        for target in found:
            if target.startswith("webapp"):
                yield _existing(target), node.lineno


def _existing(target):
    """`webapp.a.b.name` → the longest prefix that is a module or package."""
    parts = target.split(".")
    while len(parts) > 1:
        path = WEBAPP.parent.joinpath(*parts)
        if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
            break
        parts.pop()
    return ".".join(parts)


def _within(name, prefix):
    return name == prefix or name.startswith(prefix + ".")


def layer(name):
    if name in ROOT:
        return ("root", None)
    if any(_within(name, shared) for shared in SHARED):
        return ("shared", None)
    feature = name.split(".")[1]
    assert feature in FEATURES, f"{name} is in no layer: add it to SHARED or FEATURES"
    return ("feature", feature)


def package_of(name):
    return ".".join(name.split(".")[:2])


def all_imports():
    for path in sorted(WEBAPP.rglob("*.py")):
        for target, line in imports_of(path):
            yield module_name(path), target, f"{path.relative_to(WEBAPP.parent)}:{line}"


def test_every_module_is_in_a_layer():
    for path in WEBAPP.rglob("*.py"):
        layer(module_name(path))


def test_features_import_no_other_feature():
    wrong = [
        f"{where}: {source} → {target}"
        for source, target, where in all_imports()
        if layer(source)[0] == "feature" and layer(target)[0] == "feature" and layer(target)[1] != layer(source)[1]
    ]
    assert wrong == []


def test_shared_layers_import_no_feature():
    wrong = [
        f"{where}: {source} → {target}"
        for source, target, where in all_imports()
        if layer(source)[0] == "shared" and layer(target)[0] in ("feature", "root")
    ]
    assert wrong == []


def test_no_import_cycle_between_packages():
    graph = {}
    for source, target, _where in all_imports():
        if layer(source)[0] != "root" and package_of(source) != package_of(target):
            graph.setdefault(package_of(source), set()).add(package_of(target))
    assert _cycles(graph) == []


def _cycles(graph):
    """Each strongly connected group of more than one package (Tarjan), sorted."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_blueprints_live_in_package_init():
    """Route modules import their package's blueprint; none needs a late import (noqa: E402)."""
    late = [str(path) for path in WEBAPP.rglob("*.py") if "E402" in path.read_text(encoding="utf-8")]
    assert late == []

"""The README stays a short, true map of the repository.

Every path its layout tables name exists, the three tasks the issue names each have a row, it opens
with the two commands and stays under 8 KB, and no link in it or in docs/ leads outside the
repository or to a file that is not there.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").glob("*.md"))
FEATURES = (
    "catalogue",
    "filing",
    "backoffice",
    "lookup",
    "sms",
    "payments",
    "reports",
    "pwa",
    "auth",
    "calendar_admin",
    "catalogue_admin",
    "signin",
    "vneid_demo",
    "monitoring",
    "privacy",
    "retention_admin",
)
LAYERS = (
    *("seed", "models", "workflow", "dossiers", "forms_engine", "calendar", "identity", "messaging"),
    *("versions", "legal", "admin_log", "signing", "storage", "backup", "retention"),
)
TASKS = ("supplement request", "SMS status lookup", "VNPay IPN")
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def layout_section():
    """The README's text from "## Layout" to the next "## " heading."""
    text = README.read_text(encoding="utf-8")
    start = text.index("\n## Layout\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def layout_rows():
    """Every row of every table in the Layout section, as {header: cell}."""
    rows, header = [], None
    for line in layout_section().splitlines():
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = cells
        elif not set("".join(cells)) <= set("-: "):
            rows.append(dict(zip(header, cells, strict=True)))
    return rows


def row_named(name):
    return next((row for row in layout_rows() if next(iter(row.values())) == name), None)


def paths_in(cell):
    return re.findall(r"`([^`]+)`", cell)


def exists(path):
    if any(mark in path for mark in "*?["):
        return any(ROOT.glob(path))
    return (ROOT / path).exists()


def test_every_path_the_layout_tables_name_exists():
    named = {path for row in layout_rows() for cell in row.values() for path in paths_in(cell)}
    missing = sorted(path for path in named if not exists(path))
    assert not missing, f"README layout names paths that do not exist: {missing}"


def test_every_feature_and_shared_layer_has_a_row():
    first_cells = {next(iter(row.values())).split(" (")[0] for row in layout_rows()}
    assert set(FEATURES + LAYERS) - first_cells == set()


def test_the_three_named_tasks_each_name_a_view_logic_template_and_test():
    for task in TASKS:
        row = row_named(task)
        assert row is not None, f"no layout row for {task!r}"
        for column in ("view", "logic", "template", "test"):
            assert paths_in(row[column]), f"{task!r} names no {column}"
        assert paths_in(row["form"]) or row["form"].startswith("—"), f"{task!r}: form is neither a path nor —"


def test_readme_is_under_8_kb():
    assert README.stat().st_size < 8192


def test_readme_opens_with_make_run_and_make_test():
    first_lines = [line.strip() for line in README.read_text(encoding="utf-8").splitlines()[:15]]
    assert any(line.startswith("make run ") for line in first_lines)
    assert any(line.startswith("make test ") for line in first_lines)


def test_readme_points_nowhere_outside_the_repository():
    text = README.read_text(encoding="utf-8")
    assert "../" not in text
    assert not [link for link in LINK.findall(text) if "://" in link]


def test_only_domain_notes_link_to_other_sites():
    for page in DOCS:
        if page.name != "domain.md":
            outside = [link for link in LINK.findall(page.read_text(encoding="utf-8")) if "://" in link]
            assert not outside, f"{page.name} links outside the repository: {outside}"


def test_every_relative_link_in_readme_and_docs_leads_to_a_file_in_the_repository():
    broken = []
    for page in [README, *DOCS]:
        for link in LINK.findall(page.read_text(encoding="utf-8")):
            path = link.split("#")[0]
            if "://" in link or link.startswith("mailto:") or not path:
                continue
            target = (page.parent / path).resolve()
            if not target.is_relative_to(ROOT) or not target.exists():
                broken.append(f"{page.relative_to(ROOT)}: {link}")
    assert not broken, f"links that lead nowhere or outside the repository: {broken}"

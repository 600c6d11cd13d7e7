"""Catalog upkeep: find untranslated or fuzzy entries; keep the vi (source) catalog filled."""

from pathlib import Path

from babel.messages.pofile import read_po


def problems(translations_dir):
    found = []
    for po_path in sorted(Path(translations_dir).glob("*/LC_MESSAGES/messages.po")):
        with po_path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy:
                found.append(f"{po_path}: fuzzy: {message.id!r}")
            elif not all(strings):
                found.append(f"{po_path}: untranslated: {message.id!r}")
    return found


def fill_source_catalog(po_path):
    """Vietnamese is the source language: its catalog says each message as written."""
    from babel.messages.pofile import write_po

    with Path(po_path).open("rb") as handle:
        catalog = read_po(handle, locale="vi")
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    with Path(po_path).open("wb") as handle:
        write_po(handle, catalog, omit_header=False, sort_output=True, width=120)

"""The supplement request (form 02) on the dossier page: each round with its items, its answer and
the files that came with it. The request itself is the workflow's step (webapp/workflow/reception.py)."""

from webapp.models.values import HAND_IN, REQUEST_SUPPLEMENT, SUPPLEMENT


def supplement_rounds(timeline, files):
    """For the dossier page: each request with its items, its answer, and the files that came with it."""
    rounds = []
    for row in timeline:
        if row.action == REQUEST_SUPPLEMENT:
            rounds.append({"request": row, "items": row.details.get("items", []), "answer": None, "files": []})
        elif row.action == HAND_IN and rounds and rounds[-1]["answer"] is None:
            rounds[-1]["answer"] = row
    for attachment in files:
        if attachment.kind != SUPPLEMENT:
            continue
        owner = next((r for r in reversed(rounds) if r["request"].at <= attachment.created_at), None)
        if owner is not None:
            item = _item_name(owner["items"], attachment.document_index)
            owner["files"].append({"file": attachment, "item": item})
    return rounds


def _item_name(items, index):
    return items[index]["item"] if 0 <= index < len(items) else ""

"""A dossier code the way people type it back from a receipt or a text message, for every channel's test."""


def as_people_type(code):
    """'H42.18073-261202-0010' → the variants users met: no dot, spaces, lower case, a label before it."""
    agency, day, number = code.split("-")
    packed_agency = agency.replace(".", "")
    return [
        f"{agency.lower()} {day} {number}",
        f"{packed_agency}-{day}-{number}",
        f"{packed_agency}{day}{number}",
        f"{packed_agency.lower()} {day} {number}",
        " ".join(agency.lower().split(".")) + f" {day}{number}",
        f"Mã: {agency}-{day}-{number}.",
    ]

"""Where a draft stands in the filing flow: form steps, then documents, phone check, check answers."""

from flask import abort, make_response, redirect, render_template, request, url_for

from webapp.dossiers import delivery, drafts
from webapp.forms_engine.claims import from_identity, locked_answers, locked_names
from webapp.identity.citizen import LOCKED, current_citizen
from webapp.phone import normalize_phone

EXTRA_PAGES = ("documents", "phone", "check")  # how the result comes back is asked from the check page
AGAIN = {"lai": "1"}  # on the confirmation's address: the draft was submitted before this visit


def draft_or_404(token, allow_submitted=False):
    draft = drafts.find_draft(token)
    if draft is None:
        abort(404)
    for_its_owner_only(draft)
    if not allow_submitted and draft.dossier_id:
        # A submitted draft is finished: every later visit lands on its confirmation, which says so.
        abort(redirect(url_for("filing.done", token=token, **AGAIN), code=303))
    return draft


def for_its_owner_only(draft):
    """A draft a citizen filled with her identity opens only for her, signed in: its answers hold her
    claims, and whoever else holds its link (the one who sent it, a shared computer's history, after
    she signed out) must neither read them nor file in her name. Others are asked to sign in (401) or
    told it is someone else's (403)."""
    if not draft.citizen_key:
        return
    citizen = current_citizen()
    if citizen is not None and citizen.key == draft.citizen_key:
        return
    back_to = request.path if request.method == "GET" else None
    page = render_template("filing/owner_only.html", citizen=citizen, back_to=back_to)
    abort(make_response(page, 403 if citizen else 401, {"Cache-Control": "private, no-store"}))


class Flow:
    def __init__(self, draft, lang):
        self.draft = draft
        self.lang = lang
        self.spec = drafts.spec_of(draft)
        if self.spec is None:
            abort(404)
        self.citizen = current_citizen()
        self.identity = self._own_identity()

    def _own_identity(self):
        """The draft's identity claims when its owner is the one signed in, else None: a link opened by
        someone else shows no claims and locks nothing. Opening a draft never makes it anyone's (a link
        a signed-in citizen is made to open would hand her claims to whoever holds it): see claim()."""
        if self.citizen is None or self.draft.citizen_key != self.citizen.key:
            return None
        return self.draft.identity

    @property
    def claimable(self):
        """A signed-in citizen on a draft nobody owns yet: offered to use her identity for it."""
        return self.citizen is not None and not self.draft.citizen_key

    def claim(self):
        """The signed-in citizen asked (a POST of her own) to use her identity on this unowned draft: it
        becomes hers, with her locked claims as its answers. Does nothing for a draft already owned."""
        if not self.claimable:
            return
        identity = self.citizen.identity_record()
        locked = locked_answers(self.spec.fields, identity, LOCKED)
        if drafts.link_citizen(self.draft, self.citizen.key, identity, locked):
            self.identity = identity

    def claimed(self, fields):
        """{field name: answer from the identity} for `fields`, and the names of those locked."""
        answers = from_identity(fields, self.identity)
        return answers, locked_names(fields, answers, LOCKED)

    @property
    def phone_vouched(self):
        """The phone the draft uses is the one the identity provider vouched for."""
        vouched = normalize_phone((self.identity or {}).get("phone"))
        return bool(vouched) and vouched == normalize_phone(self.draft.phone)

    @property
    def extra_pages(self):
        """The pages after the form's steps; no phone check for the number the identity vouched for."""
        return tuple(p for p in EXTRA_PAGES if p != "phone" or not self.phone_vouched)

    @property
    def total(self):
        return len(self.spec.steps) + len(self.extra_pages)

    def page_number(self, page):
        """The page's place in the flow; the pages reached from the check page ("Sửa" how the result
        comes back), and a phone page the flow skipped, count as the check page."""
        pages = self.extra_pages
        return len(self.spec.steps) + pages.index(page if page in pages else "check") + 1

    def url(self, page):
        endpoints = {
            "documents": "filing.documents",
            "phone": "filing.phone",
            "delivery": "filing.delivery",
            "check": "filing.check",
        }
        return url_for(endpoints[page], token=self.draft.token)

    def step_url(self, number):
        return url_for("filing.step", token=self.draft.token, number=number)

    def after_step(self, number):
        return self.step_url(number + 1) if number < len(self.spec.steps) else self.url("documents")

    def back_url(self, page_number):
        """The page before `page_number` (1-based over the whole flow); None on the first."""
        if page_number <= 1:
            return None
        if page_number - 1 <= len(self.spec.steps):
            return self.step_url(page_number - 1)
        return self.url(self.extra_pages[page_number - len(self.spec.steps) - 2])

    def first_incomplete(self):
        return drafts.first_incomplete_step(self.draft, self.spec, self.lang)

    def missing_before_check(self):
        """Where to send someone who jumped ahead: an unfinished step, the phone check, or how the
        result comes back."""
        index = self.first_incomplete()
        if index is not None:
            return self.step_url(index + 1)
        if not self.draft.phone_verified_at:
            return self.url("phone")
        if not delivery.is_complete(self.draft):
            if (self.draft.delivery or {}).get("channel") == delivery.POST:
                return url_for("filing.delivery_address", token=self.draft.token)
            return self.url("delivery")
        return None

    def next_url(self):
        """Where a resume link lands: the first unfinished page."""
        return self.missing_before_check() or self.url("check")

"""Giấy tờ của tôi: the results this system issued online to the signed-in citizen, each with its
verification code, to download or to attach again to a later filing (webapp/filing/documents.py)."""

from flask import render_template, url_for

from webapp.dossiers.files import issued_on, issued_results
from webapp.filing import bp
from webapp.filing.mine import sign_in_url
from webapp.identity.citizen import current_citizen


@bp.get("/giay-to-cua-toi")
def my_papers():
    citizen = current_citizen()
    papers = issued_results(citizen.key) if citizen else []
    return render_template(
        "filing/papers.html",
        citizen=citizen,
        papers=[(paper, issued_on(paper)) for paper in papers],
        sign_in_url=sign_in_url(url_for(".my_papers")),
    )

"""Shared steps of the editor's tests: admins signed in, a page's CSRF token, a section posted."""

import re

from tests.pages import check_page
from tests.staff_login import new_staff, sign_in
from webapp.db import db
from webapp.models import CatalogueDraft

INDEX = "/quan-tri/thu-tuc/"
BIRTH = "1.001193"


def admin(app, username, role="quan_tri_tinh", unit="42"):
    client = app.test_client()
    sign_in(client, new_staff(app, username, role=role, units=(unit,)))
    return client


def token_of(html):
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def start(client, code=BIRTH):
    """Press "Sửa" on the index; the hub's URL the editor redirected to."""
    token = token_of(client.get(INDEX).get_data(as_text=True))
    response = client.post(f"{INDEX}{code}/sua", data={"csrf_token": token})
    assert response.status_code == 303, response.status_code
    return response.headers["Location"]


def draft_id(hub_url):
    return int(re.search(r"/ban-nhap/(\d+)/sua", hub_url).group(1))


def bundle_of_draft(app, draft):
    with app.app_context(), db.connection_context():
        return CatalogueDraft.get_by_id(draft).bundle


def form_values(soup):
    """What the page's editing form would send as it stands (inputs, selects, textareas, ticked boxes)."""
    form = soup.find("form", attrs={"method": "post", "action": re.compile(r"/sua/")})
    values = {}
    for tag in form.find_all(["input", "select", "textarea"]):
        name = tag.get("name")
        if not name or tag.get("type") == "submit":
            continue
        if tag.name == "select":
            chosen = tag.find("option", selected=True) or tag.find("option")
            values[name] = chosen.get("value") if chosen else ""
        elif tag.name == "textarea":
            values[name] = tag.get_text()
        elif tag.get("type") in ("checkbox", "radio"):
            if tag.has_attr("checked"):
                values.setdefault(name, []).append(tag.get("value", "y"))
        else:
            values[name] = tag.get("value", "")
    return values


def section(client, draft, slug):
    response = client.get(f"{INDEX}ban-nhap/{draft}/sua/{slug}")
    assert response.status_code == 200, response.status_code
    return check_page(response.get_data(as_text=True))


def post_section(client, draft, slug, values):
    return client.post(f"{INDEX}ban-nhap/{draft}/sua/{slug}", data=values)

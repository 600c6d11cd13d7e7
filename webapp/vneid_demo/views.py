"""The demo provider's endpoints (see the package's docstring). The token and userinfo endpoints are an
API: JSON in and out, no CSRF token (csrf.exempt), nothing cached."""

from flask import jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from webapp.dossiers.labels import mask_id
from webapp.extensions import csrf
from webapp.identity.citizen import demo_citizens
from webapp.vneid_demo import bp, services
from webapp.vneid_demo.forms import CANCEL, REFUSE, AuthorizeForm
from webapp.vneid_demo.keys import ALGORITHM, public_key_set
from webapp.vneid_demo.services import ProtocolError

AUTHORIZATION_PARAMETERS = (
    "client_id",
    "redirect_uri",
    "response_type",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "acr_values",
)


@bp.after_request
def keep_no_copy(response):
    """Invented identities and one-time codes: no browser or proxy keeps any of it."""
    response.cache_control.no_store = True
    response.headers["Pragma"] = "no-cache"
    return response


@bp.get("/.well-known/openid-configuration")
def discovery():
    return jsonify(
        issuer=services.issuer(),
        authorization_endpoint=url_for(".authorize", _external=True),
        token_endpoint=url_for(".token", _external=True),
        userinfo_endpoint=url_for(".userinfo", _external=True),
        jwks_uri=url_for(".jwks", _external=True),
        end_session_endpoint=url_for(".end_session", _external=True),
        response_types_supported=["code"],
        response_modes_supported=["query"],
        grant_types_supported=["authorization_code"],
        subject_types_supported=["public"],
        id_token_signing_alg_values_supported=[ALGORITHM],
        scopes_supported=list(services.SCOPES),
        token_endpoint_auth_methods_supported=["client_secret_basic", "client_secret_post"],
        code_challenge_methods_supported=["S256"],
        claims_supported=[*services.CLAIMS, "iss", "aud", "exp", "iat", "nonce", "auth_time", "acr"],
        acr_values_supported=[services.ACR],
        authorization_response_iss_parameter_supported=True,
    )


@bp.get("/jwks")
def jwks():
    return jsonify(public_key_set())


@bp.route("/authorize", methods=["GET", "POST"])
def authorize():
    params = (request.form if request.method == "POST" else request.args).to_dict()
    redirect_uri = services.trusted_redirect(params)
    if redirect_uri is None:
        return _refused(), 400
    state = params.get("state", "")
    try:
        services.check_authorization_request(params)
    except ProtocolError as problem:
        return _back(redirect_uri, state, error=problem.error, error_description=problem.description)
    form = AuthorizeForm()
    if form.is_submitted() and form.decision in (REFUSE, CANCEL):
        why = "the citizen refused" if form.decision == REFUSE else "the citizen cancelled the sign-in"
        return _back(redirect_uri, state, error="access_denied", error_description=why)
    if form.validate_on_submit():
        code = services.issue_code(params, form.cong_dan.data, form.kich_ban.data)
        return _back(redirect_uri, state, code=code)
    hidden = {name: params.get(name, "") for name in AUTHORIZATION_PARAMETERS}
    return render_template("vneid_demo/authorize.html", form=form, hidden=hidden, citizens=_citizens_shown())


def _back(redirect_uri, state, **values):
    return redirect(services.answer(redirect_uri, state, **values), code=303)


def _refused():
    return render_template(
        "vneid_demo/refused.html",
        reason=_("Ứng dụng yêu cầu đăng nhập không được nhận ra (mã ứng dụng hoặc địa chỉ quay về không hợp lệ)."),
    )


def _citizens_shown():
    return [
        {"key": c["key"], "name": c["name"], "masked": mask_id(c["id_number"]), "birthdate": c["birthdate"]}
        for c in demo_citizens()
    ]


@bp.post("/token")
@csrf.exempt
def token():
    try:
        client_id = services.authenticated_client()
        if request.form.get("grant_type") != "authorization_code":
            raise ProtocolError("unsupported_grant_type", "only authorization_code")
        row = services.redeem_code(
            request.form.get("code"), client_id, request.form.get("redirect_uri"), request.form.get("code_verifier")
        )
    except ProtocolError as problem:
        return _token_error(problem)
    return jsonify(services.token_response(row))


def _token_error(problem):
    response = jsonify(error=problem.error, error_description=problem.description)
    response.status_code = 400
    if problem.error == "invalid_client":
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Basic realm="gia-lap-dinh-danh"'
    return response


@bp.route("/userinfo", methods=["GET", "POST"])
@csrf.exempt
def userinfo():
    scheme, _space, access_token = (request.headers.get("Authorization") or "").partition(" ")
    if scheme.lower() != "bearer" or not access_token.strip():
        response = jsonify(error="invalid_request", error_description="a Bearer access token is required")
        response.status_code, response.headers["WWW-Authenticate"] = 401, 'Bearer realm="gia-lap-dinh-danh"'
        return response
    try:
        return jsonify(services.userinfo(access_token.strip()))
    except ProtocolError as problem:
        response = jsonify(error=problem.error, error_description=problem.description)
        response.status_code = 401
        response.headers["WWW-Authenticate"] = (
            f'Bearer realm="gia-lap-dinh-danh", error="{problem.error}", error_description="{problem.description}"'
        )
        return response


@bp.get("/end-session")
def end_session():
    """RP-initiated logout. The provider keeps no session of its own (its page asks every time), so
    there is nothing to end here: say so, or send the browser back (same site only) with its state."""
    hint = request.args.get("id_token_hint", "")
    if hint and not services.id_token_hint_is_ours(hint):
        return render_template("vneid_demo/refused.html", reason=_("Thông tin đăng xuất gửi kèm không hợp lệ.")), 400
    back = request.args.get("post_logout_redirect_uri", "")
    if back and not services.same_site(back):
        return _refused(), 400
    if back:
        return redirect(services.with_query(back, {"state": request.args.get("state", "")}), code=303)
    return render_template("vneid_demo/signed_out.html")

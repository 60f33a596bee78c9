"""Admin pages for the staff: find people, invite one, change what they do, deactivate and reactivate
them, and issue a password link. Every link is shown to the admin (to pass on) and e-mailed when
ALKU_SMTP_URL is set."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Optional

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request, status
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from accounts import links, people
from accounts.mail import send_link
from accounts.models import INVITE, RESET
from accounts.sessions import end_all
from console.auth import AdminOnly, check_csrf
from console.deps import Database, RowId
from console.errors import refusals_return_to
from console.templating import back, done, flash, page, words
from handoff.models import ROLES, Advisor, Team
from knowledge.models import Organisation
from knowledge.render import language_name
from settings import get_settings

router = APIRouter(prefix="/admin/accounts", include_in_schema=False)
# A refused change shows its reason on the person's page.
back_to_person = refusals_return_to("/admin/accounts/{account_id}")


NEW_LINK = "new_link"


@dataclass(frozen=True)
class AccountForm:
    """The account form as typed (shown again when refused), for the invitation and the change alike."""

    email: str
    name: str
    display_name: str
    role: str
    languages: list[str]
    municipalities: str
    team_id: str
    organisation: str
    ui_language: str

    def fields(self) -> people.AccountFields:
        """What the form says, checked by accounts.people (AccountRefused with the first problem's key)."""
        try:
            return self._checked()
        except ValidationError as error:
            problems = error.errors()
            raise people.AccountRefused(str(problems[0]["msg"]) if problems else "account_invalid") from None

    def _checked(self) -> people.AccountFields:
        return people.AccountFields(
            email=self.email,
            name=self.name,
            display_name=self.display_name,
            role=self.role,
            languages=self.languages,
            municipalities=[part.strip() for part in self.municipalities.replace(";", ",").split(",") if part.strip()],
            team_id=int(self.team_id) if self.team_id.isdigit() else None,
            organisation=self.organisation or None,
            ui_language=self.ui_language,
        )


def account_form(
    email: str = Form("", max_length=200),
    name: str = Form("", max_length=200),
    display_name: str = Form("", max_length=80),
    role: str = Form("advisor", max_length=20),
    languages: list[str] = Form([]),
    municipalities: str = Form("", max_length=2000),
    team_id: str = Form("", max_length=12),
    organisation: str = Form("", max_length=80),
    ui_language: str = Form("", max_length=8),
) -> AccountForm:
    return AccountForm(email, name, display_name, role, languages, municipalities, team_id, organisation, ui_language)


def _choices(request: Request, session: Session) -> dict:
    ui = words(request)["_lang"]
    return {
        "roles": ROLES,
        "languages": [(code, language_name(code, ui)) for code in get_settings().languages],
        "console_languages": [(code, language_name(code, code)) for code in people.CONSOLE_LANGUAGES],
        "teams": session.scalars(select(Team).order_by(Team.name)).all(),
        "organisations": [
            (organisation.key, organisation.name(ui))
            for organisation in session.scalars(select(Organisation).order_by(Organisation.name_fi))
        ],
        "ui": ui,
    }


@router.get("", response_class=HTMLResponse)
def accounts_page(
    request: Request,
    advisor: AdminOnly,
    session: Database,
    q: str = Query("", max_length=200),
    role: str = Query("", max_length=20),
    state: str = Query("", max_length=10),
) -> Response:
    active = {"active": True, "inactive": False}.get(state)
    found = people.find(session, q, role if role in ROLES else None, active)
    return page(
        request,
        "accounts.html",
        advisor,
        found=[(person, people.has_password(person), links.pending_invitation(session, person)) for person in found],
        q=q,
        role=role,
        state=state,
        **_choices(request, session),
    )


@router.post("", dependencies=[Depends(check_csrf)])
def invite_person(
    request: Request, advisor: AdminOnly, session: Database, form: AccountForm = Depends(account_form)
) -> Response:
    try:
        person, token, until = people.invite(session, form.fields(), advisor)
    except people.AccountRefused as error:
        session.rollback()
        response = page(
            request,
            "accounts.html",
            advisor,
            found=[],
            q="",
            role="",
            state="",
            error=error.key,
            typed=asdict(form),
            **_choices(request, session),
        )
        response.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
        return response
    session.commit()
    address, mailed = send_link(person, INVITE, token, until, words(request)["_lang"])
    request.session[NEW_LINK] = {"url": address, "mailed": mailed, "purpose": INVITE}
    return back(f"/admin/accounts/{person.id}")


def _person(session: Session, account_id: RowId) -> Advisor:
    person = session.get(Advisor, account_id)
    if person is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No such account.")
    return person


@router.get("/{account_id}", response_class=HTMLResponse)
def account_page(request: Request, account_id: RowId, advisor: AdminOnly, session: Database) -> Response:
    person = _person(session, account_id)
    return page(
        request,
        "account.html",
        advisor,
        person=person,
        has_password=people.has_password(person),
        invitation=links.pending_invitation(session, person),
        new_link=request.session.pop(NEW_LINK, None),
        places=", ".join(sorted(place.code for place in person.municipalities)),
        organisation_key=_organisation_key(session, person.organisation_id),
        **_choices(request, session),
    )


def _organisation_key(session: Session, organisation_id: Optional[int]) -> str:
    organisation = session.get(Organisation, organisation_id) if organisation_id else None
    return organisation.key if organisation is not None else ""


@router.post("/{account_id}", dependencies=[Depends(check_csrf), back_to_person])
def change_person(
    request: Request,
    account_id: RowId,
    advisor: AdminOnly,
    session: Database,
    form: AccountForm = Depends(account_form),
) -> Response:
    person = _person(session, account_id)
    people.change(session, person, form.fields(), advisor)
    return done(request, session, "saved", f"/admin/accounts/{account_id}")


@router.post("/{account_id}/deactivate", dependencies=[Depends(check_csrf), back_to_person])
def deactivate_person(request: Request, account_id: RowId, advisor: AdminOnly, session: Database) -> Response:
    people.deactivate(session, _person(session, account_id), advisor)
    return done(request, session, "account_deactivated", f"/admin/accounts/{account_id}")


@router.post("/{account_id}/reactivate", dependencies=[Depends(check_csrf), back_to_person])
def reactivate_person(request: Request, account_id: RowId, advisor: AdminOnly, session: Database) -> Response:
    people.reactivate(session, _person(session, account_id))
    return done(request, session, "account_reactivated", f"/admin/accounts/{account_id}")


@router.post("/{account_id}/link", dependencies=[Depends(check_csrf), back_to_person])
def new_password_link(request: Request, account_id: RowId, advisor: AdminOnly, session: Database) -> Response:
    """A password-reset link; for someone who never set a password, a fresh invitation."""
    person = _person(session, account_id)
    if not person.active:
        flash(request, "account_inactive", problem=True)
        return back(f"/admin/accounts/{account_id}")
    purpose = RESET if people.has_password(person) else INVITE
    token, until = links.issue(session, person, purpose, advisor)
    session.commit()
    address, mailed = send_link(person, purpose, token, until, words(request)["_lang"])
    request.session[NEW_LINK] = {"url": address, "mailed": mailed, "purpose": purpose}
    return back(f"/admin/accounts/{account_id}")


@router.post("/{account_id}/two-factor/off", dependencies=[Depends(check_csrf), back_to_person])
def reset_two_factor(request: Request, account_id: RowId, advisor: AdminOnly, session: Database) -> Response:
    """For a lost phone: the person's second factor is removed and their sessions end; they set it up
    again (an admin must, at their next sign-in)."""
    person = _person(session, account_id)
    person.totp_secret, person.totp_last_step = None, None
    end_all(session, person)
    return done(request, session, "two_factor_was_reset", f"/admin/accounts/{account_id}")

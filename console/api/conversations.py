"""A person's right to be forgotten over the API: an admin (on the person's request) or an
integration (for the people it brought, on its own channels) erases a conversation: Rasa's events,
tickets, messages, notes and ratings. The erasure is logged without content."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Path, Request, Response, status
from fastapi.security.utils import get_authorization_scheme_param

from channels.forget import erase_on_request
from channels.ids import channel_of
from channels.rest import carries_integration_token
from console.api.deps import current_advisor
from console.deps import Database
from handoff.models import ADMIN
from settings import get_settings

router = APIRouter(prefix="/api", tags=["conversations"])
# The channels an integration (REST, callback) brings people on: the only conversations it may erase.
INTEGRATION_CHANNELS = ("rest", "callback")


@router.delete("/conversations/{conversation_id}", status_code=status.HTTP_204_NO_CONTENT)
def erase_conversation(
    request: Request,
    session: Database,
    conversation_id: str = Path(..., max_length=140, description="as on the ticket: `tg:…`, `web:…`, `rest:…`, `cb:…`"),
) -> Response:
    """Erase everything Alku keeps of the conversation (a second call finds nothing and is still 204)."""
    if carries_integration_token(request.headers.get("authorization")):
        if channel_of(conversation_id) not in INTEGRATION_CHANNELS:
            raise HTTPException(
                status.HTTP_403_FORBIDDEN, "An integration erases only REST and callback conversations."
            )
    else:
        scheme, token = get_authorization_scheme_param(request.headers.get("authorization"))
        if current_advisor(session, token if scheme.lower() == "bearer" else "").role != ADMIN:
            raise HTTPException(status.HTTP_403_FORBIDDEN, "Only an admin's role erases conversations.")
    erase_on_request(get_settings(), conversation_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

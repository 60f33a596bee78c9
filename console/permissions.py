"""Who may change which content (one rule for the pages and the API)."""

from __future__ import annotations

from typing import Optional

from handoff.models import ADMIN, EDITOR, Advisor


def may_edit_answer(person: Advisor, municipality_code: Optional[str]) -> bool:
    """Admins edit everything; an editor edits the answers of their municipalities, and national answers
    when no municipality is assigned to them (a national editor)."""
    if person.role == ADMIN:
        return True
    if person.role != EDITOR:
        return False
    served = {place.code for place in person.municipalities}
    return municipality_code in served if municipality_code else not served

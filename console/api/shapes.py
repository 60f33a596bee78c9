"""JSON shapes more than one resource answers with."""

from __future__ import annotations

import json
from typing import Any, Optional

from pydantic import BaseModel

from knowledge.models import ContentChange


class ChangeOut(BaseModel):
    """One saved change of an answer or a listing: who, when, what it was before and after."""

    id: int
    at: str
    editor: str
    what: str
    before: Optional[Any]
    after: Optional[Any]
    reverts: Optional[int]


def change_json(change: ContentChange) -> dict[str, Any]:
    return {
        "id": change.id,
        "at": change.at.isoformat() + "Z",
        "editor": change.editor_email,
        "what": change.entity_key,
        "before": json.loads(change.before) if change.before else None,
        "after": json.loads(change.after) if change.after else None,
        "reverts": change.reverts,
    }

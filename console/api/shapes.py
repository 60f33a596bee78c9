"""JSON shapes more than one resource answers with."""

from __future__ import annotations

import json
from typing import Any

from knowledge.models import ContentChange


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

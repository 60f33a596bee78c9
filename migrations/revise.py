"""Write the next revision from the difference between the models and the newest schema:
python -m migrations.revise "what changed" (then read and tidy what it wrote)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine

from migrations import HERE, config, upgrade


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'schema.db'}", future=True)
        upgrade(engine)
        with engine.begin() as connection:
            settings = config(connection)
            settings.attributes["autogenerate"] = True
            head = ScriptDirectory(str(HERE)).get_current_head() or "0000"
            command.revision(settings, message=sys.argv[1], autogenerate=True, rev_id=f"{int(head) + 1:04d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Request every source and listing link that is due now (or all with --all) and list the problems.

python -m ops.check_links [--all]     # make check-links
"""

from __future__ import annotations

import argparse
import datetime as dt

from knowledge.db import open_session
from knowledge.links import check_due, problems
from settings import get_settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--all", action="store_true", help="check every link now, not only those due")
    arguments = parser.parse_args(argv)
    settings = get_settings()
    every = dt.timedelta(0) if arguments.all else dt.timedelta(days=max(settings.link_check_days, 1))
    with open_session(settings.database_url) as session:
        checked = check_due(session, every)
        found = problems(session)
        print(f"checked {checked} links; {len(found)} need an editor")
        for problem in found:
            link = problem.link
            where = ", ".join(
                f"{use.kind} {use.key}{' ' + use.language if use.language else ''}" for use in problem.used_by
            )
            detail = link.location or link.error or link.status
            print(f"{link.outcome:12} {link.url} ({detail}) — {where}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env bash
# Print a Python 3.10 interpreter that really runs (Rasa 3.6 needs Python < 3.11), in DESIGN.md's
# order: python3.10 on PATH, pyenv's installed 3.10, `uv python find 3.10`. Exit 1 when none.
works() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }
candidate=$(command -v python3.10 2>/dev/null)
if works "$candidate"; then echo "$candidate"; exit 0; fi
root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
for candidate in $(ls -d "$root"/versions/3.10.*/bin/python3.10 2>/dev/null | sort -V -r); do
  if works "$candidate"; then echo "$candidate"; exit 0; fi
done
candidate=$(uv python find 3.10 2>/dev/null)
if works "$candidate"; then echo "$candidate"; exit 0; fi
exit 1

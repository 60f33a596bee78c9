import sqlite3

from ops import seed


def test_a_database_from_an_older_version_gets_a_clear_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as old:
        old.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, topic_key TEXT, municipality_code TEXT)")
    monkeypatch.setenv("ALKU_DATABASE_URL", f"sqlite:///{path}")
    assert seed.main() == 1
    message = capsys.readouterr().err
    assert "does not match this version of Alku" in message and "Nothing was changed" in message
    with sqlite3.connect(path) as kept:
        assert kept.execute("SELECT name FROM sqlite_master").fetchall() == [("answer",)], "nothing was added"


def test_a_new_database_is_seeded(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ALKU_DATABASE_URL", f"sqlite:///{tmp_path / 'new.db'}")
    assert seed.main() == 0
    assert "308 municipalities" in capsys.readouterr().out

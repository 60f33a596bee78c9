from channels.telegram_updates import SeenUpdates
from knowledge.db import make_engine


def test_an_update_is_new_once_even_after_a_restart(fresh_db_url):
    assert SeenUpdates(make_engine(fresh_db_url)).first_time(1001)
    assert not SeenUpdates(make_engine(fresh_db_url)).first_time(1001)
    assert SeenUpdates(make_engine(fresh_db_url)).first_time(1002)

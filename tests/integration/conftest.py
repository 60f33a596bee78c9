from tests.processes import alku, callback_sink, telegram  # noqa: F401 - fixtures for every integration test

from tests.processes import alku, callback_sink  # noqa: F401 - fixtures for every integration test

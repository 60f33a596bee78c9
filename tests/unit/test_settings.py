import pytest

from settings import Settings, SettingsError


def test_defaults_for_development():
    settings = Settings.from_env({})
    assert settings.environment == "development"
    assert (settings.rasa_port, settings.actions_port, settings.console_port) == (5005, 5055, 8000)
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("var/alku.db")
    assert settings.action_endpoint == "http://127.0.0.1:5055/webhook"


def test_ports_come_from_the_environment():
    settings = Settings.from_env({"ALKU_RASA_PORT": "6005", "ALKU_CONSOLE_PORT": "9000"})
    assert (settings.rasa_port, settings.console_port) == (6005, 9000)


@pytest.mark.parametrize(
    "env, complaint",
    [
        ({"ALKU_RASA_PORT": "abc"}, "whole number"),
        ({"ALKU_ENV": "staging"}, "ALKU_ENV"),
        ({"ALKU_LANGUAGES": "fi,xx"}, "xx"),
        ({"ALKU_DEFAULT_LANGUAGE": "sv", "ALKU_LANGUAGES": "fi,en"}, "ALKU_DEFAULT_LANGUAGE"),
    ],
)
def test_bad_values_are_refused_with_their_name(env, complaint):
    with pytest.raises(SettingsError, match=complaint):
        Settings.from_env(env)


PRODUCTION = {
    "ALKU_ENV": "production",
    "ALKU_SECRET_KEY": "a-real-secret-of-some-length-0123456789",
    "ALKU_RASA_TOKEN": "another-real-secret-token",
    "ALKU_DATABASE_URL": "postgresql://alku@127.0.0.1/alku",
    "ALKU_TRACKER_URL": "postgresql://alku@127.0.0.1/alku_tracker",
    "ALKU_INTEGRATION_TOKEN": "an-integration-token-0123456789",
}


def test_production_with_real_secrets_starts():
    assert Settings.from_env(PRODUCTION).is_production


@pytest.mark.parametrize(
    "override, complaint",
    [
        ({"ALKU_SECRET_KEY": "changeme"}, "ALKU_SECRET_KEY"),
        ({"ALKU_SECRET_KEY": ""}, "ALKU_SECRET_KEY"),
        ({"ALKU_RASA_TOKEN": "secret"}, "ALKU_RASA_TOKEN"),
        ({"ALKU_SECRET_KEY": "only-twenty-chars-xx"}, "ALKU_SECRET_KEY"),
        ({"ALKU_ADMIN_PASSWORD": "password"}, "ALKU_ADMIN_PASSWORD"),
        ({"ALKU_DATABASE_URL": "sqlite:///var/alku.db"}, "PostgreSQL"),
    ],
)
def test_production_refuses_placeholders(override, complaint):
    with pytest.raises(SettingsError, match=complaint):
        Settings.from_env({**PRODUCTION, **override})


def test_telegram_mode_follows_the_environment():
    assert Settings.from_env({}).telegram_mode == "off"
    assert Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:x"}).telegram_mode == "polling"
    assert (
        Settings.from_env({"TELEGRAM_BOT_TOKEN": "1:x", "TELEGRAM_WEBHOOK_URL": "https://a.example/w"}).telegram_mode
        == "webhook"
    )


def test_production_refuses_a_telegram_webhook_without_a_real_secret():
    import pytest

    from settings import SettingsError

    production = {
        "ALKU_ENV": "production",
        "ALKU_SECRET_KEY": "s" * 40,
        "ALKU_RASA_TOKEN": "r" * 20,
        "ALKU_DATABASE_URL": "postgresql://db/alku",
        "ALKU_TRACKER_URL": "postgresql://db/rasa",
        "ALKU_INTEGRATION_TOKEN": "i" * 20,
        "TELEGRAM_BOT_TOKEN": "1:x",
        "TELEGRAM_WEBHOOK_URL": "https://alku.example/webhooks/telegram/webhook",
    }
    with pytest.raises(SettingsError, match="TELEGRAM_WEBHOOK_SECRET"):
        Settings.from_env(production)
    assert Settings.from_env({**production, "TELEGRAM_WEBHOOK_SECRET": "x" * 24}).telegram_mode == "webhook"
    with pytest.raises(SettingsError, match="ALKU_DEMO_PASSWORD"):
        Settings.from_env({**production, "TELEGRAM_WEBHOOK_SECRET": "x" * 24, "ALKU_DEMO_PASSWORD": "demo"})


def test_settings_written_for_another_process_read_back_the_same():
    settings = Settings.from_env(
        {**PRODUCTION, "ALKU_LANGUAGES": "fi,sv,en", "ALKU_DELIVERY_RETRY_SECONDS": "2,4", "ALKU_TOKEN_MINUTES": "30"}
    )
    again = Settings.from_env(settings.environment_variables())
    assert again == settings
    assert again.languages == ("fi", "sv", "en") and again.delivery_retry_seconds == (2, 4)
    assert again.admin_two_factor == "required", "production's default rule travels with the settings"


def test_plain_settings_do_not_read_the_shell(monkeypatch):
    monkeypatch.setenv("ALKU_CONSOLE_PORT", "9999")
    assert Settings().console_port == 8000
    assert Settings.from_env().console_port == 9999


def test_an_empty_variable_means_the_default():
    assert Settings.from_env({"ALKU_RASA_PORT": "", "ALKU_PUBLIC_URL": "https://alku.example/"}).rasa_port == 5005
    assert Settings.from_env({"ALKU_PUBLIC_URL": "https://alku.example/"}).directory_url == "https://alku.example"


def test_every_bad_variable_is_named_at_once():
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({"ALKU_RASA_PORT": "x", "ALKU_TIMEZONE": "Mars/Olympus", "ALKU_ADMIN_TWO_FACTOR": "maybe"})
    assert all(name in str(refused.value) for name in ("ALKU_RASA_PORT", "ALKU_TIMEZONE", "ALKU_ADMIN_TWO_FACTOR"))


def test_production_needs_an_integration_token_and_encrypted_addresses_beyond_this_machine():
    with pytest.raises(SettingsError, match="ALKU_INTEGRATION_TOKEN"):
        Settings.from_env({**PRODUCTION, "ALKU_INTEGRATION_TOKEN": ""})
    for name, address in (
        ("ALKU_CALLBACK_URL", "http://crm.example/alku"),
        ("ALKU_WEBCHAT_URL", "ws://alku.example/ws"),
    ):
        with pytest.raises(SettingsError, match=name):
            Settings.from_env({**PRODUCTION, name: address})
    allowed = {"ALKU_CALLBACK_URL": "http://127.0.0.1:9/", "ALKU_PUBLIC_URL": "https://alku.example"}
    assert Settings.from_env({**PRODUCTION, **allowed}).callback_url == "http://127.0.0.1:9/"


def test_development_on_an_address_beyond_this_machine_needs_real_secrets():
    """The published development secret on 0.0.0.0 would open Rasa's API and the console to the network."""
    with pytest.raises(SettingsError, match="ALKU_SECRET_KEY .*beyond this machine"):
        Settings.from_env({"ALKU_HOST": "0.0.0.0"})
    secrets = {key: PRODUCTION[key] for key in ("ALKU_SECRET_KEY", "ALKU_RASA_TOKEN", "ALKU_INTEGRATION_TOKEN")}
    assert Settings.from_env({"ALKU_HOST": "0.0.0.0", **secrets}).host == "0.0.0.0"
    assert Settings.from_env({"ALKU_HOST": "localhost"}).environment == "development"

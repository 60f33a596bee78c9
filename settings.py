"""Alku's one source of configuration: typed settings read from the environment.

Every process (Rasa's action server, the console, scripts, tests) reads its configuration here,
so a variable has one name, one default and one validation rule. `Settings` is pydantic's
`BaseSettings`: each field names its environment variable (`ALKU_` + the field's name unless it says
otherwise), and the README's table of environment variables mirrors it.

`Settings.from_env()` reads the environment (or a mapping standing in for it); `Settings(...)`
alone is the defaults plus what is passed, so a test's settings never depend on the shell it runs in.
"""

from __future__ import annotations

import hashlib
import os
import zoneinfo
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

from pydantic import BaseSettings, Field, ValidationError, root_validator, validator

PROJECT_ROOT = Path(__file__).resolve().parent

ENVIRONMENTS = ("development", "test", "production")
SUPPORTED_LANGUAGES = ("fi", "sv", "en", "ru", "uk", "et", "ar", "fa", "so", "tr")
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "password", "placeholder", "xxx", "dev"}
DEVELOPMENT_SECRET = "development-only-secret-never-use-in-production"
TWO_FACTOR_RULES = ("required", "optional")
# Plain http:// and ws:// stay on this machine; anything further is encrypted in production.
LOOPBACK = ("127.0.0.1", "localhost", "::1")

# The environment `from_env` reads; None outside it, so plain `Settings(...)` reads nothing.
_ENVIRONMENT: ContextVar[Optional[Mapping[str, str]]] = ContextVar("alku_environment", default=None)


class SettingsError(ValueError):
    """Configuration that Alku refuses to start with."""


def _from_environment(settings: BaseSettings) -> dict[str, Any]:
    """A settings source: every field whose variable is set and not empty (empty means the default)."""
    env = _ENVIRONMENT.get()
    if env is None:
        return {}
    return {name: env[variable(name)] for name in Settings.__fields__ if env.get(variable(name))}


def variable(name: str) -> str:
    """The environment variable of the field `name`."""
    return str(Settings.__fields__[name].field_info.extra.get("env") or f"ALKU_{name.upper()}")


class Settings(BaseSettings):
    environment: str = Field(default="development", env="ALKU_ENV")
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    actions_port: int = 5055
    console_port: int = 8000
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'alku.db'}"
    tracker_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa.db'}"
    rasa_token: str = Field(default="", repr=False)
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    default_language: str = "en"
    secret_key: str = Field(default=DEVELOPMENT_SECRET, repr=False)
    admin_email: str = "admin@alku.localhost"
    admin_password: str = Field(default="", repr=False)
    token_minutes: int = 8 * 60
    callback_url: str = ""
    timezone: str = "Europe/Helsinki"
    delivery_retry_seconds: tuple[int, ...] = (5, 15, 45, 120, 300, 600)
    # How often every source and listing link is requested again (days); 0 turns the checker off.
    link_check_days: int = 7
    demo_password: str = Field(default="", repr=False)
    telegram_bot_token: str = Field(default="", env="TELEGRAM_BOT_TOKEN", repr=False)
    telegram_webhook_url: str = Field(default="", env="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_secret: str = Field(default="", env="TELEGRAM_WEBHOOK_SECRET", repr=False)
    telegram_api_url: str = Field(default="https://api.telegram.org/bot", env="TELEGRAM_API_URL")
    webchat_url: str = ""
    public_url: str = ""
    # Invitations and password links by e-mail: smtp://user:password@host:port (STARTTLS when the
    # server offers it) or smtps://…; empty: the admin passes the link on.
    smtp_url: str = Field(default="", repr=False)
    mail_from: str = "Alku <no-reply@alku.localhost>"
    # Failed sign-ins allowed per account (and four times as many per address) within the window.
    sign_in_failures: int = 5
    sign_in_window_minutes: int = 15
    # "required": an admin sets up two-factor sign-in before anything else (production's default);
    # "optional": anyone may turn it on.
    admin_two_factor: str = ""
    # An open ticket whose advisor has been away this long goes back to the queue (0: never).
    advisor_idle_minutes: int = 30
    # Retention: a conversation is erased this many days after its last message; a ticket that has
    # waited this long without an advisor is closed (0: keep).
    retention_days: int = 90
    waiting_ticket_days: int = 14
    # The REST and callback channels are for integrations: with a token, a request must carry
    # `Authorization: Bearer <token>` (production requires one).
    integration_token: str = Field(default="", repr=False)

    class Config:
        frozen = True

        @classmethod
        def customise_sources(cls, init_settings: Any, env_settings: Any, file_secret_settings: Any) -> tuple[Any, ...]:
            return (init_settings, _from_environment)

    @validator(
        "rasa_port",
        "actions_port",
        "console_port",
        "token_minutes",
        "link_check_days",
        "sign_in_failures",
        "sign_in_window_minutes",
        "advisor_idle_minutes",
        "retention_days",
        "waiting_ticket_days",
        pre=True,
    )
    def _whole_number(cls, value: Any) -> int:
        try:
            return int(value)
        except (TypeError, ValueError):
            raise ValueError(f"must be a whole number, got {value!r}") from None

    @validator("environment")
    def _known_environment(cls, value: str) -> str:
        if value not in ENVIRONMENTS:
            raise ValueError(f"must be one of {', '.join(ENVIRONMENTS)}, got {value!r}")
        return value

    @validator("languages", pre=True)
    def _language_codes(cls, value: Any) -> tuple[str, ...]:
        codes = tuple(code.strip() for code in value.split(",")) if isinstance(value, str) else tuple(value)
        codes = tuple(code for code in codes if code)
        unknown = [code for code in codes if code not in SUPPORTED_LANGUAGES]
        if unknown:
            raise ValueError(
                f"has languages Alku has no content for: {', '.join(unknown)}"
                f" (supported: {', '.join(SUPPORTED_LANGUAGES)})"
            )
        if not codes:
            raise ValueError("must name at least one language")
        return codes

    @validator("default_language")
    def _spoken(cls, value: str, values: dict[str, Any]) -> str:
        if "languages" in values and value not in values["languages"]:
            raise ValueError(f"{value!r} is not in ALKU_LANGUAGES")
        return value

    @validator("timezone")
    def _time_zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"must be a time zone such as Europe/Helsinki, got {value!r}") from None
        return value

    @validator("delivery_retry_seconds", pre=True)
    def _delays(cls, value: Any) -> tuple[int, ...]:
        try:
            delays = tuple(
                int(part) for part in (value.split(",") if isinstance(value, str) else value) if str(part).strip()
            )
        except ValueError:
            raise ValueError(f"must be whole seconds separated by commas, got {value!r}") from None
        if not delays or any(delay <= 0 for delay in delays):
            raise ValueError("must be positive whole seconds")
        return delays

    @validator("public_url")
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @validator("admin_two_factor", always=True)
    def _two_factor_rule(cls, value: str, values: dict[str, Any]) -> str:
        value = value or ("required" if values.get("environment") == "production" else "optional")
        if value not in TWO_FACTOR_RULES:
            raise ValueError(f"must be one of {', '.join(TWO_FACTOR_RULES)}, got {value!r}")
        return value

    @root_validator(skip_on_failure=True)
    def _production_is_real(cls, values: dict[str, Any]) -> dict[str, Any]:
        """Refuse placeholder secrets in production and on any address beyond this machine (Rasa's API,
        the REST channel and the console would be open to the network), and development shortcuts in
        production."""
        production = values["environment"] == "production"
        if not production and values["host"] not in LOOPBACK:
            _real_secrets(values, f"when ALKU_HOST is {values['host']} (beyond this machine)")
        if not production:
            return values
        if values["admin_two_factor"] != "required":
            raise ValueError("ALKU_ADMIN_TWO_FACTOR must be required in production: admins sign in with two factors")
        if values["demo_password"]:
            raise ValueError("ALKU_DEMO_PASSWORD seeds demo accounts and must not be set in production")
        password = values["admin_password"]
        if password and (password.strip().lower() in PLACEHOLDER_SECRETS or len(password) < 12):
            raise ValueError("ALKU_ADMIN_PASSWORD must be a real password (12+ characters) in production")
        _real_secrets(values, "in production")
        secret = values["telegram_webhook_secret"]
        if (
            values["telegram_bot_token"]
            and values["telegram_webhook_url"]
            and (secret.strip().lower() in PLACEHOLDER_SECRETS or len(secret) < 16)
        ):
            raise ValueError("TELEGRAM_WEBHOOK_SECRET must be set to a real secret (16+ characters) in production")
        for name in ("database_url", "tracker_url"):
            if values[name].startswith("sqlite"):
                raise ValueError(f"{variable(name)} must point at PostgreSQL in production")
        for name in ("callback_url", "webchat_url", "public_url"):
            address = urlsplit(values[name])
            if address.scheme in ("http", "ws") and address.hostname not in LOOPBACK:
                raise ValueError(f"{variable(name)} must be an https:// or wss:// address in production")
        return values

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> Settings:
        """The settings of this process's environment (or of `env`); SettingsError names each bad variable."""
        token = _ENVIRONMENT.set(os.environ if env is None else env)
        try:
            return cls()
        except ValidationError as error:
            raise SettingsError("; ".join(_complaint(problem) for problem in error.errors())) from None
        finally:
            _ENVIRONMENT.reset(token)

    def environment_variables(self) -> dict[str, str]:
        """These settings as the environment another Alku process reads them from."""
        written: dict[str, str] = {}
        for name in self.__fields__:
            value = getattr(self, name)
            written[variable(name)] = ",".join(map(str, value)) if isinstance(value, tuple) else str(value)
        return written

    @property
    def telegram_mode(self) -> str:
        """webhook (a public address is registered with Telegram), polling (development), or off."""
        if not self.telegram_bot_token:
            return "off"
        return "webhook" if self.telegram_webhook_url else "polling"

    @property
    def webchat_socket_url(self) -> str:
        """Where the web widget opens its websocket (ALKU_WEBCHAT_URL when Rasa is behind a proxy)."""
        return self.webchat_url or f"ws://{self.host}:{self.rasa_port}/webhooks/webchat/ws"

    @property
    def directory_url(self) -> str:
        """The public service directory's address as newcomers reach it (ALKU_PUBLIC_URL behind a proxy)."""
        return self.public_url or f"http://{self.host}:{self.console_port}"

    @property
    def push_token(self) -> str:
        """Shared by the console and the Rasa process for pushing advisor replies to web chats."""
        return hashlib.sha256(f"alku-webchat-push:{self.secret_key}".encode()).hexdigest()

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def nlg_url(self) -> str:
        return f"http://{self.host}:{self.console_port}/nlg"

    @property
    def action_endpoint(self) -> str:
        return f"http://{self.host}:{self.actions_port}/webhook"


def _real_secrets(values: dict[str, Any], where: str) -> None:
    for name, length in (("secret_key", 32), ("rasa_token", 16), ("integration_token", 16)):
        value = values[name]
        if value.strip().lower() in PLACEHOLDER_SECRETS or value == DEVELOPMENT_SECRET or len(value) < length:
            raise ValueError(f"{variable(name)} must be set to a real secret ({length}+ characters) {where}")


def _complaint(problem: Mapping[str, Any]) -> str:
    field = str(problem["loc"][0]) if problem["loc"] else "__root__"
    return problem["msg"] if field == "__root__" else f"{variable(field)} {problem['msg']}"


def get_settings() -> Settings:
    return Settings.from_env()

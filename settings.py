"""Alku's one source of configuration: typed settings read from the environment.

Every process (Rasa's action server, the console, scripts, tests) reads its configuration here,
so a variable has one name, one default and one validation rule. The README's table of
environment variables mirrors `Settings`.
"""

from __future__ import annotations

import hashlib
import os
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent

ENVIRONMENTS = ("development", "test", "production")
SUPPORTED_LANGUAGES = ("fi", "sv", "en", "ru", "uk", "et", "ar", "fa", "so", "tr")
PLACEHOLDER_SECRETS = {"", "changeme", "change-me", "secret", "password", "placeholder", "xxx", "dev"}


class SettingsError(ValueError):
    """Configuration that Alku refuses to start with."""


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "")
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise SettingsError(f"{name} must be a whole number, got {raw!r}") from error


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    value = env.get(name) or default
    if value not in choices:
        raise SettingsError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return value


def _languages(raw: str) -> tuple[str, ...]:
    languages = tuple(code.strip() for code in raw.split(",") if code.strip())
    unknown = [code for code in languages if code not in SUPPORTED_LANGUAGES]
    if unknown:
        raise SettingsError(
            f"ALKU_LANGUAGES has languages Alku has no content for: {', '.join(unknown)}"
            f" (supported: {', '.join(SUPPORTED_LANGUAGES)})"
        )
    if not languages:
        raise SettingsError("ALKU_LANGUAGES must name at least one language")
    return languages


def _timezone(name: str) -> str:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as error:
        raise SettingsError(f"ALKU_TIMEZONE must be a time zone such as Europe/Helsinki, got {name!r}") from error
    return name


def _seconds(raw: str) -> tuple[int, ...]:
    try:
        delays = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError as error:
        raise SettingsError(
            f"ALKU_DELIVERY_RETRY_SECONDS must be whole seconds separated by commas, got {raw!r}"
        ) from error
    if any(delay <= 0 for delay in delays):
        raise SettingsError("ALKU_DELIVERY_RETRY_SECONDS must be positive")
    return delays


@dataclass(frozen=True)
class Settings:
    environment: str = "development"
    host: str = "127.0.0.1"
    rasa_port: int = 5005
    actions_port: int = 5055
    console_port: int = 8000
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'alku.db'}"
    tracker_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'rasa.db'}"
    rasa_token: str = ""
    languages: tuple[str, ...] = SUPPORTED_LANGUAGES
    default_language: str = "en"
    secret_key: str = field(default="development-only-secret-never-use-in-production", repr=False)
    admin_email: str = "admin@alku.localhost"
    admin_password: str = field(default="", repr=False)
    token_minutes: int = 8 * 60
    callback_url: str = ""
    timezone: str = "Europe/Helsinki"
    delivery_retry_seconds: tuple[int, ...] = (5, 15, 45, 120, 300, 600)
    # How often every source and listing link is requested again (days); 0 turns the checker off.
    link_check_days: int = 7
    demo_password: str = field(default="", repr=False)
    telegram_bot_token: str = field(default="", repr=False)
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = field(default="", repr=False)
    telegram_api_url: str = "https://api.telegram.org/bot"
    webchat_url: str = ""
    public_url: str = ""
    # Invitations and password links by e-mail: smtp://user:password@host:port (STARTTLS when the
    # server offers it) or smtps://…; empty: the admin passes the link on.
    smtp_url: str = field(default="", repr=False)
    mail_from: str = "Alku <no-reply@alku.localhost>"
    # Failed sign-ins allowed per account (and four times as many per address) within the window.
    sign_in_failures: int = 5
    sign_in_window_minutes: int = 15
    # "required": an admin sets up two-factor sign-in before anything else (production's default);
    # "optional": anyone may turn it on.
    admin_two_factor: str = "optional"
    # An open ticket whose advisor has been away this long goes back to the queue (0: never).
    advisor_idle_minutes: int = 30

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

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        environment = env.get("ALKU_ENV", "development")
        if environment not in ENVIRONMENTS:
            raise SettingsError(f"ALKU_ENV must be one of {', '.join(ENVIRONMENTS)}, got {environment!r}")
        languages = _languages(env.get("ALKU_LANGUAGES", ",".join(SUPPORTED_LANGUAGES)))
        default_language = env.get("ALKU_DEFAULT_LANGUAGE", "en")
        if default_language not in languages:
            raise SettingsError(f"ALKU_DEFAULT_LANGUAGE {default_language!r} is not in ALKU_LANGUAGES")
        settings = cls(
            environment=environment,
            host=env.get("ALKU_HOST", "127.0.0.1"),
            rasa_port=_int(env, "ALKU_RASA_PORT", 5005),
            actions_port=_int(env, "ALKU_ACTIONS_PORT", 5055),
            console_port=_int(env, "ALKU_CONSOLE_PORT", 8000),
            database_url=env.get("ALKU_DATABASE_URL") or cls.database_url,
            tracker_url=env.get("ALKU_TRACKER_URL") or cls.tracker_url,
            rasa_token=env.get("ALKU_RASA_TOKEN", ""),
            languages=languages,
            default_language=default_language,
            secret_key=env.get("ALKU_SECRET_KEY", cls.secret_key),
            admin_email=env.get("ALKU_ADMIN_EMAIL", cls.admin_email),
            admin_password=env.get("ALKU_ADMIN_PASSWORD", ""),
            token_minutes=_int(env, "ALKU_TOKEN_MINUTES", 8 * 60),
            callback_url=env.get("ALKU_CALLBACK_URL", ""),
            timezone=_timezone(env.get("ALKU_TIMEZONE", cls.timezone)),
            delivery_retry_seconds=_seconds(env.get("ALKU_DELIVERY_RETRY_SECONDS", "")) or cls.delivery_retry_seconds,
            link_check_days=_int(env, "ALKU_LINK_CHECK_DAYS", 7),
            demo_password=env.get("ALKU_DEMO_PASSWORD", ""),
            telegram_bot_token=env.get("TELEGRAM_BOT_TOKEN", ""),
            telegram_webhook_url=env.get("TELEGRAM_WEBHOOK_URL", ""),
            telegram_webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET", ""),
            telegram_api_url=env.get("TELEGRAM_API_URL") or cls.telegram_api_url,
            webchat_url=env.get("ALKU_WEBCHAT_URL", ""),
            public_url=env.get("ALKU_PUBLIC_URL", "").rstrip("/"),
            smtp_url=env.get("ALKU_SMTP_URL", ""),
            mail_from=env.get("ALKU_MAIL_FROM") or cls.mail_from,
            sign_in_failures=_int(env, "ALKU_SIGN_IN_FAILURES", 5),
            sign_in_window_minutes=_int(env, "ALKU_SIGN_IN_WINDOW_MINUTES", 15),
            advisor_idle_minutes=_int(env, "ALKU_ADVISOR_IDLE_MINUTES", 30),
            admin_two_factor=_choice(
                env,
                "ALKU_ADMIN_TWO_FACTOR",
                ("required", "optional"),
                "required" if environment == "production" else "optional",
            ),
        )
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse placeholder secrets outside development and test."""
        if not self.is_production:
            return
        if self.admin_two_factor != "required":
            raise SettingsError("ALKU_ADMIN_TWO_FACTOR must be required in production: admins sign in with two factors")
        if self.demo_password:
            raise SettingsError("ALKU_DEMO_PASSWORD seeds demo accounts and must not be set in production")
        if self.admin_password and (
            self.admin_password.strip().lower() in PLACEHOLDER_SECRETS or len(self.admin_password) < 12
        ):
            raise SettingsError("ALKU_ADMIN_PASSWORD must be a real password (12+ characters) in production")
        for name, value, length in (("ALKU_SECRET_KEY", self.secret_key, 32), ("ALKU_RASA_TOKEN", self.rasa_token, 16)):
            if value.strip().lower() in PLACEHOLDER_SECRETS or value == Settings.secret_key or len(value) < length:
                raise SettingsError(f"{name} must be set to a real secret ({length}+ characters) in production")
        secret = self.telegram_webhook_secret
        if self.telegram_mode == "webhook" and (secret.strip().lower() in PLACEHOLDER_SECRETS or len(secret) < 16):
            raise SettingsError("TELEGRAM_WEBHOOK_SECRET must be set to a real secret (16+ characters) in production")
        for name, url in (("ALKU_DATABASE_URL", self.database_url), ("ALKU_TRACKER_URL", self.tracker_url)):
            if url.startswith("sqlite"):
                raise SettingsError(f"{name} must point at PostgreSQL in production")


def get_settings() -> Settings:
    return Settings.from_env()

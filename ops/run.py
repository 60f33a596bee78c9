"""Start Alku's processes (Rasa, the action server, the console), wait until each answers, and stop
them all together on Ctrl-C. `make run` calls this; the integration tests use `start` too.

    python -m ops.run [--model models/alku.tar.gz]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from settings import PROJECT_ROOT, Settings, get_settings

DEFAULT_MODEL = PROJECT_ROOT / "models" / "alku.tar.gz"
BIN = Path(sys.executable).parent


@dataclass
class Process:
    name: str
    argv: list[str]
    health_url: str
    popen: Optional[subprocess.Popen] = field(default=None, repr=False)


def process_env(settings: Settings) -> dict[str, str]:
    """The environment every process gets: ours plus what endpoints.yml reads."""
    env = dict(os.environ)
    env.update(settings.environment_variables())
    env.update(
        {
            # Rasa's callback channel needs an address even when nobody uses it; port 9 discards.
            "ALKU_CALLBACK_URL": settings.callback_url or "http://127.0.0.1:9/",
            "ALKU_ACTION_ENDPOINT": settings.action_endpoint,
            "ALKU_NLG_URL": settings.nlg_url,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH", "")])),
            "RASA_TELEMETRY_ENABLED": "false",
            "TF_CPP_MIN_LOG_LEVEL": "2",
            "SANIC_ACCESS_LOG": "false",
            "SANIC_HOST": settings.host,
        }
    )
    return env


def processes(settings: Settings, model: Path) -> list[Process]:
    host = settings.host
    rasa = [
        str(BIN / "rasa"),
        "run",
        "--enable-api",
        "--model",
        str(model),
        "--endpoints",
        str(PROJECT_ROOT / "endpoints.yml"),
        "--credentials",
        str(PROJECT_ROOT / "credentials.yml"),
        "--interface",
        host,
        "--port",
        str(settings.rasa_port),
    ]
    if settings.rasa_token:
        rasa += ["--auth-token", settings.rasa_token]
    return [
        Process(
            "actions",
            [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(settings.actions_port)],
            f"http://{host}:{settings.actions_port}/health",
        ),
        Process(
            "console",
            [
                str(BIN / "python"),
                "-m",
                "uvicorn",
                "console.app:app",
                "--host",
                host,
                "--port",
                str(settings.console_port),
            ],
            f"http://{host}:{settings.console_port}/health",
        ),
        Process("rasa", rasa, f"http://{host}:{settings.rasa_port}/"),
    ]


TELEGRAM_MODES = {
    "off": "off (set TELEGRAM_BOT_TOKEN to turn it on)",
    "polling": "polling Telegram for updates (development: no TELEGRAM_WEBHOOK_URL)",
    "webhook": "webhook registered at TELEGRAM_WEBHOOK_URL",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def throwaway_settings(workdir: Path, base: Optional[Settings] = None) -> Settings:
    """Settings for an Alku of its own (tests, benchmarks): free loopback ports; SQLite files in
    `workdir` unless `base` names other databases."""
    base = base or Settings.from_env({"ALKU_ENV": "test"})
    defaults = Settings()
    return base.copy(
        update=dict(
            rasa_port=free_port(),
            actions_port=free_port(),
            console_port=free_port(),
            # A throwaway Alku does not request the content's real web pages.
            link_check_days=0,
            database_url=base.database_url
            if base.database_url != defaults.database_url
            else f"sqlite:///{workdir / 'alku.db'}",
            tracker_url=base.tracker_url
            if base.tracker_url != defaults.tracker_url
            else f"sqlite:///{workdir / 'rasa.db'}",
        )
    )


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return reply.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def start(
    settings: Settings,
    model: Path = DEFAULT_MODEL,
    log_dir: Optional[Path] = None,
    timeout: float = 300,
    only: Optional[set[str]] = None,
) -> list[Process]:
    """Start every process (or those named in `only`) and return once all answer their health URL;
    stop all if one fails."""
    env = process_env(settings)
    started = [process for process in processes(settings, model) if only is None or process.name in only]
    for process in started:
        output = None
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)
            output = (log_dir / f"{process.name}.log").open("a")
        process.popen = subprocess.Popen(
            process.argv,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )
    deadline = time.monotonic() + timeout
    waiting = list(started)
    while waiting:
        for process in list(waiting):
            assert process.popen is not None
            if process.popen.poll() is not None:
                stop(started)
                raise RuntimeError(f"{process.name} exited with code {process.popen.returncode} while starting")
            if _answers(process.health_url):
                waiting.remove(process)
        if time.monotonic() > deadline:
            stop(started)
            raise RuntimeError(f"not ready after {timeout:.0f} s: {', '.join(p.name for p in waiting)}")
        time.sleep(0.5)
    return started


def stop(started: list[Process], grace: float = 15) -> None:
    for process in started:
        if process.popen and process.popen.poll() is None:
            os.killpg(process.popen.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in started:
        if process.popen is None:
            continue
        try:
            process.popen.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.popen.pid, signal.SIGKILL)
            process.popen.wait()


def shell(settings: Settings, model: Path) -> int:
    """`rasa shell` in the foreground, with the action server running behind it."""
    actions = [process for process in processes(settings, model) if process.name == "actions"]
    env = process_env(settings)
    for process in actions:
        process.popen = subprocess.Popen(process.argv, cwd=PROJECT_ROOT, env=env, start_new_session=True)
    try:
        command = [
            str(BIN / "rasa"),
            "shell",
            "--model",
            str(model),
            "--endpoints",
            str(PROJECT_ROOT / "endpoints.yml"),
        ]
        return subprocess.run(command, cwd=PROJECT_ROOT, env=env).returncode
    finally:
        stop(actions)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--shell", action="store_true", help="chat in this terminal (rasa shell) instead")
    args = parser.parse_args()
    settings = get_settings()
    if not args.model.exists():
        print(f"No trained model at {args.model}: run `make train` first.", file=sys.stderr)
        return 1
    if args.shell:
        return shell(settings, args.model)
    print("Starting Alku (Rasa takes about a minute to load)…", flush=True)
    started = start(settings, args.model)
    host = settings.host
    print(
        "\nAlku is running. Ctrl-C stops everything.\n"
        f"  Chat over REST:   POST http://{host}:{settings.rasa_port}/webhooks/rest/webhook"
        ' {"sender": "me", "message": "How do I get a Kela card?"}\n'
        f"  Rasa HTTP API:    http://{host}:{settings.rasa_port}/\n"
        f"  Action server:    http://{host}:{settings.actions_port}/health\n"
        f"  Console:          http://{host}:{settings.console_port}/  (local services)\n"
        f"  Advisor console:  http://{host}:{settings.console_port}/inbox  (sign in as ALKU_ADMIN_EMAIL)\n"
        f"  Web chat demo:    http://{host}:{settings.console_port}/demo\n"
        f"  Telegram:         {TELEGRAM_MODES[settings.telegram_mode]}\n",
        flush=True,
    )
    stopping = False

    def request_stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)
    try:
        while not stopping:
            for process in started:
                assert process.popen is not None
                if process.popen.poll() is not None:
                    print(
                        f"{process.name} stopped (exit {process.popen.returncode}); stopping the others.",
                        file=sys.stderr,
                    )
                    stopping = True
            time.sleep(0.5)
    finally:
        print("Stopping Alku…", flush=True)
        stop(started)
    return 0


if __name__ == "__main__":
    sys.exit(main())

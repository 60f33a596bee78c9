"""Benchmarks: NLU parse latency, full-turn latency over REST (sequential and at a steady open-loop
load), and saturation throughput — for Alku and, in the same run, a stock `rasa init` bot.

    python -m bench.run [--model models/alku.tar.gz] [--quick]

Prints one table and writes bench/results/bench-<timestamp>.json. Loads stay on loopback and
every loop is bounded in count and time.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any, Optional

import httpx
from sqlalchemy import select

from bench.handoff import ADMIN_EMAIL, ADMIN_PASSWORD, Receiver, bench_advisor_replies
from handoff.advisors import ensure_admin
from handoff.db import create_schema
from handoff.models import OfficeHours, Team
from handoff.seed import seed_handoff
from knowledge.db import make_engine, session_factory
from knowledge.seed import seed
from ops.run import BIN, DEFAULT_MODEL, Process, free_port, start, stop, throwaway_settings
from settings import PROJECT_ROOT

RESULTS = PROJECT_ROOT / "bench" / "results"
HELDOUT = PROJECT_ROOT / "tests" / "data" / "heldout.jsonl"


@dataclasses.dataclass
class Plan:
    parse_messages: int = 1000
    sequential_turns: int = 300
    open_loop_rate: float = 10.0
    open_loop_seconds: float = 60.0
    open_loop_conversations: int = 100
    saturation_conversations: int = 20
    saturation_seconds: float = 30.0
    advisor_conversations: int = 20
    advisor_replies_each: int = 5
    advisor_concurrency: int = 5


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summary(latencies_s: list[float], errors: int = 0) -> dict[str, Any]:
    ms = [value * 1000 for value in latencies_s]
    return {
        "count": len(ms),
        "errors": errors,
        "p50_ms": round(statistics.median(ms), 1) if ms else None,
        "p95_ms": round(percentile(ms, 0.95), 1) if ms else None,
    }


def messages() -> list[str]:
    return [json.loads(line)["text"] for line in HELDOUT.read_text(encoding="utf-8").splitlines() if line.strip()]


async def bench_parse(client: httpx.AsyncClient, base: str, texts: list[str], count: int) -> dict[str, Any]:
    latencies, errors = [], 0
    for index in range(count):
        began = time.perf_counter()
        reply = await client.post(f"{base}/model/parse", json={"text": texts[index % len(texts)]})
        latencies.append(time.perf_counter() - began)
        errors += reply.status_code != 200
    return summary(latencies, errors)


async def _turn(client: httpx.AsyncClient, base: str, sender: str, text: str) -> tuple[float, bool]:
    began = time.perf_counter()
    try:
        reply = await client.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text})
        ok = reply.status_code == 200
    except httpx.HTTPError:
        ok = False
    return time.perf_counter() - began, ok


async def bench_sequential(client: httpx.AsyncClient, base: str, texts: list[str], turns: int) -> dict[str, Any]:
    run = uuid.uuid4().hex[:8]
    latencies, errors = [], 0
    for index in range(turns):
        latency, ok = await _turn(client, base, f"seq-{run}-{index // 10}", texts[index % len(texts)])
        latencies.append(latency)
        errors += not ok
    return summary(latencies, errors)


async def bench_open_loop(
    client: httpx.AsyncClient, base: str, texts: list[str], rate: float, seconds: float, conversations: int
) -> dict[str, Any]:
    """Send on a fixed schedule whatever the replies do; latency counts from the scheduled time."""
    run = uuid.uuid4().hex[:8]
    total = int(rate * seconds)
    began = time.perf_counter()
    results: list[tuple[float, bool]] = []

    async def one(index: int) -> None:
        scheduled = began + index / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        _, ok = await _turn(client, base, f"open-{run}-{index % conversations}", texts[index % len(texts)])
        results.append((time.perf_counter() - scheduled, ok))

    await asyncio.wait_for(asyncio.gather(*(one(index) for index in range(total))), timeout=seconds + 120)
    achieved = total / (time.perf_counter() - began)
    result = summary([latency for latency, _ in results], sum(not ok for _, ok in results))
    return {**result, "offered_per_s": rate, "achieved_per_s": round(achieved, 2)}


async def bench_saturation(
    client: httpx.AsyncClient, base: str, texts: list[str], conversations: int, seconds: float
) -> dict[str, Any]:
    run = uuid.uuid4().hex[:8]
    deadline = time.perf_counter() + seconds
    latencies: list[float] = []
    errors = 0

    async def conversation(number: int) -> None:
        nonlocal errors
        index = number
        while time.perf_counter() < deadline:
            latency, ok = await _turn(client, base, f"sat-{run}-{number}-{index // 10}", texts[index % len(texts)])
            latencies.append(latency)
            errors += not ok
            index += conversations

    began = time.perf_counter()
    await asyncio.gather(*(conversation(number) for number in range(conversations)))
    elapsed = time.perf_counter() - began
    return {**summary(latencies, errors), "throughput_per_s": round(len(latencies) / elapsed, 2)}


async def bench_bot(base: str, texts: list[str], plan: Plan) -> dict[str, Any]:
    limits = httpx.Limits(max_connections=200, max_keepalive_connections=200)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        for text in texts[:20]:
            await _turn(client, base, "warm-up", text)
        return {
            "parse": await bench_parse(client, base, texts, plan.parse_messages),
            "sequential": await bench_sequential(client, base, texts, plan.sequential_turns),
            "open_loop": await bench_open_loop(
                client, base, texts, plan.open_loop_rate, plan.open_loop_seconds, plan.open_loop_conversations
            ),
            "saturation": await bench_saturation(
                client, base, texts, plan.saturation_conversations, plan.saturation_seconds
            ),
        }


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"baseline bot exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("baseline bot did not start")


def run_baseline(texts: list[str], plan: Plan, workdir: Path) -> tuple[dict[str, Any], float]:
    """Train a stock `rasa init` bot in a temporary folder, serve it, and measure it the same way."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
    began = time.perf_counter()
    subprocess.run(
        [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(workdir)],
        cwd=workdir,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    training_s = time.perf_counter() - began
    port = free_port()
    log = (workdir / "rasa.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "rasa"), "run", "--enable-api", "--interface", "127.0.0.1", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_up(f"http://127.0.0.1:{port}/", process)
        return asyncio.run(bench_bot(f"http://127.0.0.1:{port}", texts, plan)), training_s
    finally:
        stop([Process("baseline", [], "", popen=process)])


def run_alku(model: Path, texts: list[str], plan: Plan, workdir: Path) -> dict[str, Any]:
    receiver = Receiver()
    settings = throwaway_settings(workdir).copy(update=dict(callback_url=receiver.url))
    engine = make_engine(settings.database_url)
    seed(engine)
    create_schema(engine)
    with session_factory(engine)() as session, session.begin():
        ensure_admin(session, ADMIN_EMAIL, ADMIN_PASSWORD, settings.languages)
        seed_handoff(session)
        for team in session.scalars(select(Team)):  # advisors on duty around the clock for the benchmark
            team.hours = [OfficeHours(weekday=day, opens=dt.time(0), closes=dt.time.max) for day in range(7)]
    processes = start(settings, model, log_dir=workdir / "logs")
    try:
        results = asyncio.run(bench_bot(f"http://{settings.host}:{settings.rasa_port}", texts, plan))
        results["advisor_reply"] = bench_advisor_replies(
            settings.rasa_url,
            f"http://{settings.host}:{settings.console_port}",
            receiver,
            plan.advisor_conversations,
            plan.advisor_replies_each,
            plan.advisor_concurrency,
            summary,
        )
        return results
    finally:
        stop(processes)
        receiver.server.shutdown()


def ratio(ours: Optional[float], theirs: Optional[float]) -> str:
    return f"{ours / theirs:.2f}×" if ours and theirs else "–"


def table(alku: dict[str, Any], baseline: dict[str, Any]) -> str:
    rows = [
        ("NLU parse p50 (ms)", alku["parse"]["p50_ms"], baseline["parse"]["p50_ms"]),
        ("NLU parse p95 (ms)", alku["parse"]["p95_ms"], baseline["parse"]["p95_ms"]),
        ("turn, sequential p50 (ms)", alku["sequential"]["p50_ms"], baseline["sequential"]["p50_ms"]),
        ("turn, sequential p95 (ms)", alku["sequential"]["p95_ms"], baseline["sequential"]["p95_ms"]),
        ("turn at 10 msg/s p50 (ms)", alku["open_loop"]["p50_ms"], baseline["open_loop"]["p50_ms"]),
        ("turn at 10 msg/s p95 (ms)", alku["open_loop"]["p95_ms"], baseline["open_loop"]["p95_ms"]),
        (
            "saturation, 20 conv. (msg/s)",
            alku["saturation"]["throughput_per_s"],
            baseline["saturation"]["throughput_per_s"],
        ),
        ("saturation p95 (ms)", alku["saturation"]["p95_ms"], baseline["saturation"]["p95_ms"]),
    ]
    lines = ["| measure | Alku | stock rasa init | Alku / stock |", "|---|---:|---:|---:|"]
    lines += [f"| {name} | {ours} | {theirs} | {ratio(ours, theirs)} |" for name, ours, theirs in rows]
    replies = alku["advisor_reply"]
    turn = alku["sequential"]
    lines += [
        "",
        "| advisor reply → user's channel | p50 (ms) | p95 (ms) | p95 / Alku bot turn p95 | errors |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {name} ({result['count']}) | {result['p50_ms']} | {result['p95_ms']} | "
        f"{ratio(result['p95_ms'], turn['p95_ms'])} | {result['errors']} |"
        for name, result in replies.items()
    ]
    errors = {name: alku[name]["errors"] for name in alku if "errors" in alku[name]}
    errors |= {f"baseline {n}": baseline[n]["errors"] for n in baseline}
    lines.append(f"\nerrors: {json.dumps(errors)}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--quick", action="store_true", help="small loads, to try the benchmark itself")
    args = parser.parse_args()
    plan = Plan(100, 50, 10.0, 10.0, 100, 20, 5.0, 5, 2, 2) if args.quick else Plan()
    texts = messages()
    work = Path(tempfile.mkdtemp(prefix="alku-bench-"))
    try:
        alku = run_alku(args.model, texts, plan, work / "alku")
        (work / "baseline").mkdir()
        baseline, baseline_training_s = run_baseline(texts, plan, work / "baseline")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": sys.version.split()[0]},
        "plan": dataclasses.asdict(plan),
        "alku": alku,
        "baseline": baseline,
        "baseline_training_s": round(baseline_training_s, 1),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "quick" if args.quick else "bench"
    path = RESULTS / f"{name}-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    path.write_text(json.dumps(report, indent=2), encoding="utf-8")
    print(table(alku, baseline))
    print(f"\nwritten to {path.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

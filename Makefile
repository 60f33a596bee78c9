# Alku. `make run` and `make test` work from a fresh clone; `make help` lists the rest.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
RASA   := $(VENV)/bin/rasa
MODEL  := models/alku.tar.gz
STAMP  := $(VENV)/.installed
TRAIN_INPUTS := config.yml bot/components.py bot/triage.py knowledge/places.py knowledge/nonsense.py $(shell find bot nlu -name '*.yml' 2>/dev/null)
DATA ?= tests/data/heldout.jsonl

export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help install run shell test browser conversations train eval tune bench bench-search seed lint validate clean check-links

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock
	@test -x $(PY) || { \
	  python=$$(ops/find-python.sh) || { \
	    echo "Alku needs Python 3.10 (Rasa 3.6 supports Python < 3.11) and found none."; \
	    echo "Install one, e.g. 'pyenv install 3.10' or 'uv python install 3.10', then run make again."; \
	    exit 1; }; \
	  echo "Creating $(VENV) with $$python (a few minutes the first time)"; \
	  $$python -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip==24.2
	$(PY) -m pip install --quiet -r requirements.lock
	touch $@

install: $(STAMP) ## Create .venv with the pinned dependencies

$(MODEL): $(TRAIN_INPUTS) | $(STAMP)
	$(RASA) train --skip-validation --config config.yml --domain bot/domain --data nlu bot/dialogue \
	  --out models --fixed-model-name alku
	@touch $@

train: $(MODEL) ## Train the Rasa model (only when training data or config changed)

validate: $(STAMP) ## Check domain, rules and training data
	$(PY) -m ops.validate

seed: $(STAMP) ## Create the database under var/ and add missing seed content
	$(PY) -m ops.seed

run: $(MODEL) seed ## Start Rasa, the action server and the console; Ctrl-C stops them
	$(PY) -m ops.run --model $(MODEL)

shell: $(MODEL) seed ## Chat with Alku in this terminal (rasa shell and the action server)
	$(PY) -m ops.run --shell --model $(MODEL)

test: $(MODEL) browser ## The whole test suite (what CI runs)
	$(MAKE) validate
	$(MAKE) conversations
	$(PY) -m pytest -q -p no:cacheprovider

browser: ## Debian's Chromium for the browser tests (installed when missing)
	@ops/ensure-chromium.sh

conversations: $(MODEL) ## Conversation tests (Rasa test stories, messages parsed by the model)
	$(RASA) test core --model $(MODEL) --stories tests/conversations --e2e \
	  --fail-on-prediction-errors --out var/conversation-results

eval: $(MODEL) ## Right at once, clarified, asked, wrong per language: make eval DATA=file.jsonl
	$(PY) -m ops.evaluate --model $(MODEL) $(DATA)

tune: $(MODEL) ## Measure the thresholds of asking when unsure and of nonsense (held-out split)
	$(PY) -m ops.tune_triage --model $(MODEL)

bench: $(MODEL) seed ## Benchmarks; writes bench/results/*.json
	$(PY) -m bench.run --model $(MODEL)
	$(PY) -m bench.search

bench-search: $(STAMP) ## The search benchmark alone: 100,000 listings on SQLite and PostgreSQL
	$(PY) -m bench.search

check-links: seed ## Request every source and listing link now and list the broken or moved ones
	$(PY) -m ops.check_links --all

lint: $(STAMP) ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy settings.py knowledge handoff accounts actions channels console ops bench bot

clean: ## Remove the trained model and local databases (keeps .venv)
	rm -rf models var .rasa results

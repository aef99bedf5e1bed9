# Two commands on a fresh machine with Python 3.11+ and make: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
# Only this machine by default; BYR_ADDRESS=0.0.0.0 serves the network (see README, «Drift på en server»).
BYR_ADDRESS ?= 127.0.0.1

.PHONY: run test bench sample lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

run: $(VENV)/.installed
	@# First start without OIDC or a password hash: prints a one-time admin password (see README).
	@$(BIN)/python -m byr_data.auth init
	$(BIN)/streamlit run dashboard.py --server.port $(PORT) --server.address $(BYR_ADDRESS)

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/mypy

bench: $(VENV)/.installed-dev
	$(BIN)/python -m benchmarks.run

sample: $(VENV)/.installed
	$(BIN)/python scripts/build_sample_data.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache benchmarks/out

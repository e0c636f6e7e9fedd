# The two commands of the README: `make run` and `make test`. Both set up everything.
# `make test-fast` is the suite without the browser tier (no Chromium, no apt);
# `make lint` is ruff and mypy; CI (.ci/run) runs `make lint` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PYTEST_ARGS ?=

.PHONY: run test test-fast browser-deps lint bench screenshots clean

run: $(VENV)/.installed
	$(PY) app.py

# pytest exits 5 when it collects nothing: say so rather than fail the build.
PYTEST_RUN = rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

test: $(VENV)/.installed-test browser-deps
	@$(PY) -m pytest $(PYTEST_ARGS); $(PYTEST_RUN)

# Everything but the browser tier, so no Chromium is needed.
test-fast: $(VENV)/.installed-test
	@$(PY) -m pytest -m "not browser" $(PYTEST_ARGS); $(PYTEST_RUN)

# Debian's chromium and chromium-driver drive the browser tests; install them if missing.
browser-deps:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install -q -e ".[dev]"
	touch $@ $(VENV)/.installed

lint: $(VENV)/.installed-test
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check . && $(VENV)/bin/mypy

bench: $(VENV)/.installed-test
	$(PY) -m benchmarks

screenshots: $(VENV)/.installed-test browser-deps
	$(PY) -m tests.browser.screenshots && $(PY) -m tests.browser.screenshot_dispute

clean:
	rm -rf $(VENV) headsup.db headsup.db-wal headsup.db-shm

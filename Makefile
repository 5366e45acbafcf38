# Wenlan: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

.PHONY: install run test test-postgres lint bench messages clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Wenlan needs Python 3.11 ($(PYTHON)) with venv; install it first."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

# Translations are compiled with Babel (pure Python), so GNU gettext is not needed.
locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po $(STAMP)
	$(BIN)/pybabel compile --domain django --input-file $< --output-file $@

messages: $(MO_FILES)

install: $(STAMP) messages
	@command -v chromium >/dev/null || echo "note: no chromium (apt-get install chromium): the browser tests will skip"
	@java -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || echo "note: no Java 17 or later (apt-get install openjdk-17-jre-headless): Spark (wenlan analytics query --engine spark) will not start and its test will skip"
	@command -v xgettext >/dev/null || echo "note: no GNU gettext (apt-get install gettext): the translation completeness test will skip"
	@fc-list 2>/dev/null | grep -qi "noto sans cjk" || echo "note: no CJK fonts (apt-get install fonts-noto-cjk): Chinese renders as boxes in screenshots and PDF bulletins"
	@ldconfig -p 2>/dev/null | grep -q "libpango-1.0" || echo "note: no Pango (apt-get install libpango-1.0-0 libpangoft2-1.0-0): the think tank's PDF export will fail"

run: install
	$(BIN)/wenlan migrate --no-input -v 0
	$(BIN)/wenlan demo
	$(BIN)/wenlan run --host $(HOST) --port $(PORT)

test: install
	$(BIN)/pytest -n 2 $(PYTEST_ARGS)

test-postgres: install
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/lint-imports

bench: install
	@scripts="$(wildcard bench/*.py)"; [ -n "$$scripts" ] || { echo "no benchmarks yet"; exit 0; }; \
	for script in $$scripts; do echo "== $$script"; $(BIN)/python $$script --quick || exit 1; done

clean:
	rm -rf $(VENV) var

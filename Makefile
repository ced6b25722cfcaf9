# Two commands set up everything from a machine with only Python and make:
#   make site   validate the initiatives and build the site into site/
#   make test   run every test
# `make offline` builds the site like `make site`, with a ZIM file of each language besides
# the zips (what the deploy workflow publishes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: setup site offline test test-without-browser test-browser lint validate serve clean browser checkers bench

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

setup: $(STAMP)

validate: $(STAMP)
	$(BIN)/python -m builder validate

# Builds into a temporary folder, audits it, and replaces site/ only when both succeed.
site: validate
	$(BIN)/python -m builder build --site-dir site

# The same, with a ZIM file of each language for Kiwix: slower (bench/RESULTS.md says how much).
offline: validate
	$(BIN)/python -m builder build --site-dir site --zim

serve: $(STAMP)
	$(BIN)/mkdocs serve

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# The browser tests drive Debian's Chromium; install it (and its driver) when missing.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium chromium-driver)

# The accessibility tests' checkers: axe-core and the Nu HTML Checker from npm (package.json,
# pinned by package-lock.json), and the Java that runs the latter, from Debian when missing.
checkers: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq npm)
	@command -v java >/dev/null || \
	  ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq default-jre-headless)
	npm ci --no-audit --no-fund --silent
	touch $@

# Tests run on every core; end-to-end tests share one worker so that each site is built once.
test: lint browser checkers
	$(BIN)/python -m pytest -n auto --dist loadgroup

# The pull-request workflow splits `make test` in two: everything that needs no browser, and
# the browser tests, which run only when code, templates, assets or workflows change.
test-without-browser: lint
	$(BIN)/python -m pytest -n auto --dist loadgroup -m "not browser"

test-browser: setup browser checkers
	$(BIN)/python -m pytest -n auto --dist loadgroup -m browser

# Not part of `make test`: synthetic atlases of 100, 1,000 and 10,000 initiatives against plain
# MkDocs and Hugo (one language and six, with pictures, open data and offline copies, the
# serve reload, the light check), and the picture pipeline against vipsthumbnail and Hugo,
# measured in one run; writes bench/RESULTS.md (about 90 minutes on 2 cores).
bench: setup browser
	@command -v hugo >/dev/null && command -v vipsthumbnail >/dev/null || \
	  ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq hugo libvips-tools)
	$(BIN)/python -m bench.run

clean:
	rm -rf site .cache

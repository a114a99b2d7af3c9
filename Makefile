# The Khrushchev Thaw course. Two commands on a fresh machine: `make book`, then `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed
# The course's JupyterLab settings (jupyterlab/overrides.json), where the venv's JupyterLab reads them.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
LIGHTHOUSE := scripts/node_modules/.bin/lighthouse
BUILD := $(BIN)/python -m thaw.book.build
PORT ?= 8000
# The edition that make student and make pdf produce: en (English) or id (Bahasa Indonesia).
EDITION ?= en
# The nbgrader course directory that make assignments writes (default: assignments/, or assignments-id/).
COURSE_DIR ?=
# A JupyterHub with nbgitpuller (e.g. https://hub.example.edu): adds a JupyterHub launch button.
HUB_URL ?=

.PHONY: help book test test-fast student assignments pdf lab serve bench translations chromium clean distclean
.DEFAULT_GOAL := help

## help: list the commands (the default)
help:
	@echo "The Khrushchev Thaw course. On a fresh machine: make book, then make test."
	@echo
	@sed -n 's/^## //p' $(MAKEFILE_LIST) | sed 's/^\([a-z-]*\):/  make \1:/'

$(RUNTIME): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
	  { echo "The course needs Python 3.11 (found: $$($(PYTHON) --version 2>&1)). Set PYTHON=/path/to/python3.11."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

# Binder installs the same file with postBuild.
$(LAB_SETTINGS): jupyterlab/overrides.json $(RUNTIME)
	$(BIN)/python -m thaw.book.lab --install-settings $(VENV)

$(DEV): $(RUNTIME) requirements-dev.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## book: build the course into _build/html (English) and _build/html/id (Bahasa Indonesia), executing every notebook (strict: see src/thaw/book/build.py);
##       make book HUB_URL=https://hub.example.edu adds a JupyterHub launch button
book: $(RUNTIME) chromium
	THAW_HUB_URL="$(HUB_URL)" $(BUILD)
	@echo
	@echo "The course is built. Open _build/html/index.html in a browser, or run 'make serve'."

## test: every test, including the strict build and the browser tests (installs what it needs)
test: $(DEV) $(LAB_SETTINGS) chromium
	$(BIN)/python -m pytest

## test-fast: the tests of data, logic, figures and the evidence checks, without building or a browser (under a minute)
test-fast: $(DEV) $(LAB_SETTINGS)
	$(BIN)/python -m pytest -m "not slow"

## student: the student edition (no exercise solutions or answer-key cells; the self-check answers stay) in _build/student and a zip;
##          make student EDITION=id: the Indonesian one (_build/student-id)
student: $(RUNTIME)
	$(BIN)/python -m thaw.book.student $(EDITION)

## assignments: an nbgrader course directory in assignments/: one assignment per chapter and the capstone, autograded
##          and graded by hand, released to release/ (see the instructor guide); make assignments EDITION=id: assignments-id/.
##          Safe to run again: it rewrites source/ and release/, never the gradebook, submissions or grades
assignments: $(RUNTIME)
	$(BIN)/python -m thaw.book.assignments --language $(EDITION) $(if $(COURSE_DIR),--course-dir $(COURSE_DIR))

## pdf: the whole built course as one PDF for offline reading (_build/thaw-course.pdf);
##      make pdf EDITION=id: the Indonesian edition (_build/thaw-course-id.pdf)
pdf: $(DEV) chromium
	@# Rebuild first (quick when nothing changed), so the PDF never prints a stale book.
	THAW_HUB_URL="$(HUB_URL)" $(BUILD)
	$(BIN)/python -m thaw.book.pdf --language $(EDITION)

## lab: open the chapters in JupyterLab, prepared for it (citations, glossary terms and references as readable text)
##      in lab/ (Indonesian: lab/id/). Your work is kept: a notebook you changed is never rewritten, and make clean leaves lab/ alone
lab: $(RUNTIME) $(LAB_SETTINGS)
	$(BIN)/python -m thaw.book.lab lab
	$(BIN)/python -m thaw.book.lab --language id lab/id
	$(BIN)/jupyter lab --ip=127.0.0.1 --notebook-dir=lab

## serve: serve the built book on http://127.0.0.1:8000/ (another port: make serve PORT=8080)
serve:
	@test -f _build/html/index.html || { echo "No built book yet: run 'make book' first."; exit 1; }
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## bench: build times, page weights, chart drawing times and Lighthouse scores (desktop and mobile) of every page
bench: $(DEV) chromium $(LIGHTHOUSE)
	$(BIN)/python scripts/bench.py

## translations: bring the translation catalogues (book/locales/) in line with the English text, report them,
##       and regenerate the translated notebooks for JupyterLab (notebooks/id/) from them
translations: $(DEV)
	$(BIN)/python -m thaw.book.translations

# Lighthouse and the plotly.js bundle's build tools, pinned in scripts/package-lock.json (npm registry).
$(LIGHTHOUSE): scripts/package.json scripts/package-lock.json
	@command -v npm >/dev/null || { echo "make bench needs Node.js and npm (apt-get install nodejs npm)."; exit 1; }
	npm ci --prefix scripts --no-audit --no-fund --loglevel=error
	touch $@

# Chromium draws the previews of first-screen charts after each build (thaw.book.previews) and runs the browser tests.
chromium:
	@bash scripts/ensure-chromium.sh

## clean: remove the built book and its execution cache (_build)
clean:
	rm -rf _build

## distclean: also remove the virtual environment (packages dropped from the pins go with it)
distclean: clean
	rm -rf $(VENV)

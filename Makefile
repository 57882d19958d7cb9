# Two commands on a fresh clone: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# Translations are compiled from locale/*.po; third-party catalogues ship compiled already.
COMPILE := compilemessages --ignore=.venv --ignore=node_modules

.PHONY: run test install lint format lock messages clean demo-code

run: install
	DEBUG=1 $(MANAGE) $(COMPILE) -v0
	DEBUG=1 $(MANAGE) migrate --no-input
	DEBUG=1 $(MANAGE) seed_demo
	DEBUG=1 $(MANAGE) sign_tree_heads -v0
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

# The demo accounts' current second-factor code (the secret is in the README).
demo-code: install
	@DEBUG=1 $(MANAGE) demo_code

test: install
	DEBUG=1 $(MANAGE) $(COMPILE) -v0
	$(BIN)/python -m pytest $(PYTEST_ARGS)

install: $(VENV)/.installed node_modules/.installed

# The runtime lock and the development lock, both pinned with hashes (see requirements*.in).
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	touch $@

# Lint and format check, as CI runs them (configuration in pyproject.toml).
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Recompile the lock files after changing requirements.in or requirements-dev.in.
lock: install
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements.txt requirements.in
	$(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras -o requirements-dev.txt requirements-dev.in

# Bootstrap, its icons and htmx, exactly as locked in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Refresh the translation catalogues after changing user-facing strings.
messages: install
	DEBUG=1 $(MANAGE) makemessages -l uk -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=screenshots --no-obsolete --no-location

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3

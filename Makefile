# `make run` and `make test` are all a newcomer needs: each creates .venv when missing and
# installs the project (pinned by constraints.txt) only when pyproject.toml or the pins changed.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench clean

run: $(STAMP)
	$(PY) -m gui

test: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -n 2  # both cores: the real-window test runs beside the rest

bench: $(STAMP)
	$(PY) -m benchmarks

$(STAMP): pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else "Torch Classroom needs Python 3.10 or newer; set PYTHON=python3.x")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) *.egg-info

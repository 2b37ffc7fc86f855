# Gazette Proofreader: the two commands of the quick start are `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
# The window's Chinese translation, compiled from its .ts (never committed).
QM     := resources/i18n/proofreader_zh_CN.qm
# Size limit of the onedir bundle in MB. 150 on Windows (build.ps1); the Linux bundle also
# carries ICU (37 MB) and X11/glib/fontconfig libraries (13 MB) that Windows provides
# itself. The numbers are in packaging/README.md.
BUNDLE_LIMIT_MB ?= 210

.PHONY: run test check bench package clean translations accuracy

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[gui,export,dev]'
	touch $(STAMP)

## Compile the window's translations (pyside6-lrelease, shipped with PySide6-Essentials).
translations: $(QM)
$(QM): resources/i18n/proofreader_zh_CN.ts $(STAMP)
	$(PY) -m proofreader.gui.i18n

## Open the review window on the sample issues.
run: $(STAMP) $(QM)
	$(PY) -m proofreader --samples

## Run the whole test suite (GUI tests offscreen).
test: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q

## Check every sample issue from the command line.
check: $(STAMP)
	for f in sample_issues/*.txt; do $(PY) -m proofreader check "$$f"; done; true

## Benchmarks: medians over repeated runs, printed as a table.
bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

## The frozen application (PyInstaller onedir) in dist/GazetteProofreader, its size, and
## the smoke test of the BUILT program (CLI, store round trip, window offscreen).
package: $(STAMP) $(QM)
	$(PY) -m pip install --quiet -e '.[package]'
	$(PY) -m PyInstaller --noconfirm --clean packaging/proofreader.spec
	$(PY) packaging/bundle_report.py dist/GazetteProofreader --limit-mb $(BUNDLE_LIMIT_MB)
	$(PY) packaging/smoke_test.py --bundle dist/GazetteProofreader \
		--expect-version "$$($(PY) -c 'import proofreader; print(proofreader.__version__)')"

clean:
	rm -rf build dist .pytest_cache

## Accuracy of the checks on the seeds and the budget documents, in every layout (docs/accuracy.md).
accuracy: $(STAMP)
	$(PY) -m pip install --quiet -e '.[accuracy]'
	$(PY) -m tests.accuracy

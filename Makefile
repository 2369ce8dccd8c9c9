# The two commands of the README.  Each does all set-up first (Chromium, venv, install).
.PHONY: setup demo test lint bench

setup:
	@bash scripts/setup.sh

demo: setup
	.venv/bin/auditor demo --out runs/demo-$$(date -u +%Y%m%d-%H%M%S)

test:
	@bash scripts/setup.sh --test
	.venv/bin/ruff check .
	.venv/bin/python -m pytest -q -rs -n $${TEST_WORKERS:-4} --dist loadgroup

lint: setup
	.venv/bin/ruff check .
	.venv/bin/lint-imports

bench: setup
	.venv/bin/python benchmarks/sweep_benchmark.py
	.venv/bin/python benchmarks/report_benchmark.py

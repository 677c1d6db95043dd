# Clientele: the setup and the everyday commands. `make test` and `make demo` work on a fresh Debian machine.
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build test demo clean

# liblmdb-dev (LMDB 0.9.24 from Debian) is the one system dependency. Installed only when missing.
deps:
	@if ! pkg-config --exists lmdb 2>/dev/null; then \
	  echo "installing liblmdb-dev (LMDB) with apt-get"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq liblmdb-dev pkg-config; \
	fi

build: deps
	$(SWIFT) build

# The whole test suite (unit, property, crash and CLI tests).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The main job: generate a realistic data set, import it into a temporary store, print the report.
demo: deps
	$(SWIFT) build -c release --product clientele
	$(SWIFT) run -c release --skip-build clientele demo

clean:
	rm -rf .build

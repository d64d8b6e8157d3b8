# sahara-image-pack — the two commands a new user types:
#   make run    set up what is missing, then check, compile and plan the bundled demo plugin
#   make test   set up what is missing, then type-check and run every test
# Setup needs root for apt (Debian/Ubuntu). Nothing is installed when already present.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

# System packages the tests use: shellcheck (lint emitted programs), debootstrap (Debian test
# root), rpm/createrepo-c (tiny rpms for the RHEL-like test root; dnf is installed inside it), qemu-utils,
# e2fsprogs, fdisk (test images).
APT_PACKAGES := shellcheck debootstrap rpm createrepo-c qemu-utils e2fsprogs fdisk util-linux iproute2 ca-certificates
APT_PACKAGES += python3
SIP := node bin/sahara-image-pack.js

.PHONY: all deps apt-deps npm-deps build run test bench clean distclean schema baselines

all: build

deps: apt-deps npm-deps

apt-deps:
	@missing=""
	for p in $(APT_PACKAGES); do
	  dpkg-query -W -f='$${db:Status-Abbrev}' "$$p" 2>/dev/null | grep -q '^ii' || missing="$$missing $$p"
	done
	if [ -n "$$missing" ]; then
	  echo "Installing system packages:$$missing"
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
	  $$SUDO apt-get update -q
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing
	fi

npm-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

build: npm-deps
	npx tsc -p tsconfig.build.json

run: deps build
	$(SIP) check demo 1.0
	$(SIP) compile demo 1.0 -o demo.sh
	echo "Wrote demo.sh ($$(wc -c < demo.sh) bytes). Plan on Debian 12:"
	$(SIP) plan demo 1.0 --distro debian12

test: deps build
	npx tsc -p . --noEmit
	npm test --silent

bench: deps build
	node --import tsx bench/run.ts

# Regenerate golden files (review the diff before committing).
baselines: npm-deps
	UPDATE_BASELINES=1 npm test --silent

schema: npm-deps
	node --import tsx compiler/schema/write-editor-schema.ts
	node --import tsx compiler/schema/write-validators.ts

clean:
	rm -rf dist demo.sh

distclean: clean
	rm -rf node_modules .cache

# sahara-image-pack — the two commands a new user types:
#   make run    set up what is missing, build the Debian test image, then run the bundled demo
#               plugin against a fresh copy of it: test-only, reconcile, test-only again
#   make test   set up what is missing, then type-check and run every test
# Setup needs root for apt (Debian/Ubuntu). Nothing is installed when already present.

SHELL := /bin/bash
.ONESHELL:
.SHELLFLAGS := -eu -o pipefail -c

# System packages the tests use: shellcheck (lint emitted programs), debootstrap (Debian test
# root), rpm/createrepo-c (tiny rpms for the RHEL-like test root; dnf is installed inside it), qemu-utils,
# e2fsprogs, fdisk (test images).
APT_PACKAGES := shellcheck debootstrap rpm createrepo-c qemu-utils e2fsprogs fdisk util-linux iproute2 ca-certificates
# The image runner: guestfish (libguestfs) and a kernel for its appliance.
APT_PACKAGES += libguestfs-tools linux-image-amd64
# JUnit XML checks and cloud-init's own modules in the tests.
APT_PACKAGES += python3
# The SSH runner (ssh, ssh-keygen) and the fleet formats' tests (compile --format ansible, packer).
APT_PACKAGES += openssh-client ansible packer
# The plugin download script's curl and wget paths (test/plugins/install-archive.test.ts).
APT_PACKAGES += curl wget
SIP := node bin/sahara-image-pack.js

.PHONY: all deps apt-deps npm-deps build image run test bench bench-image bench-ssh clean distclean schema baselines

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

# The built-in test image: the Debian test root (with its offline package repository) as a
# 1 GiB qcow2, built from Debian's archive without an appliance; cached under .cache/.
IMAGE := .cache/envs/debian.qcow2
image: apt-deps
	bash test/envs/build-image.sh .cache/envs >/dev/null
	echo "Test image: $(IMAGE)"

# The main job on the embedded default: the demo plugin against a fresh copy of the test image.
# Where KVM cannot run guests (these machines) the runner uses TCG by itself; expect ~20-30 s a run.
run: deps build image
	mkdir -p .cache/run
	cp --sparse=always $(IMAGE) .cache/run/demo.qcow2
	echo
	echo "== 1/3 test-only on a fresh copy of the test image: the demo plugin's motd and files are"
	echo "==     not there yet, so this run reports what is missing and exits 1 (the image is not changed)"
	rc=0; $(SIP) run demo 1.0 --image .cache/run/demo.qcow2 --test-only || rc=$$?
	[ "$$rc" -eq 1 ] || { echo "expected exit 1 (something missing), got $$rc"; exit 1; }
	echo
	echo "== 2/3 reconcile: make it so; the changes are committed into the image only because the run succeeds"
	$(SIP) run demo 1.0 --image .cache/run/demo.qcow2
	echo
	echo "== 3/3 test-only again: everything is in place now (exit 0)"
	$(SIP) run demo 1.0 --image .cache/run/demo.qcow2 --test-only
	echo
	echo "The packed image is .cache/run/demo.qcow2 (each run's time is on its last line)."

test: deps build
	npx tsc -p . --noEmit
	npm test --silent

bench: deps build
	node --import tsx bench/run.ts

# The image runner against virt-customize and the original Python implementation (Debian's
# python3-sahara and python3-guestfs), on copies of the test image; several minutes.
bench-image: deps build image
	@for p in python3-sahara python3-guestfs; do
	  dpkg-query -W -f='$${db:Status-Abbrev}' "$$p" 2>/dev/null | grep -q '^ii' || missing="$${missing:-} $$p"
	done
	if [ -n "$${missing:-}" ]; then
	  if [ "$$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
	  $$SUDO apt-get update -q && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing
	fi
	node --import tsx bench/image.ts

# The SSH runner against a bare ssh, ansible-playbook, and itself on 8 hosts (sshd targets on
# 127.0.0.1); about a minute.
bench-ssh: deps build
	node --import tsx bench/ssh.ts

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

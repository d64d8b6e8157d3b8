#!/usr/bin/python3
"""Drive the original Python sahara-image-pack's validators against a disk image, for bench/image.ts.

    /usr/bin/python3 bench/sahara-original.py IMAGE MANIFEST_DIR [--test-only]

MANIFEST_DIR holds image.yaml and its scripts. This uses exactly what the original
`sahara-image-pack` uses (Debian's python3-sahara and python3-guestfs):
SaharaImageValidator.from_yaml(...) and sahara.cli.image_pack.api.ImageRemote, with the argument
defaults filled in as its CLI does. Two things are patched, both documented quirks of the
original: its distro table lacks plain `debian` (KeyError), so `debian` is added to it; and
ImageRemote's module logger is set. The root is found by libguestfs inspection, as the original
always does (it needs inspection for the distro name even with a root device given).
Exit status: 0 validated, 1 validation failed, 2 usage.
"""
import logging
import os
import shutil
import sys
import tempfile

sys.path = [p for p in sys.path if "pyenv" not in p]


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    image, manifest_dir = argv[1], argv[2]
    test_only = "--test-only" in argv[3:]
    from sahara.cli.image_pack import api
    from sahara.plugins import images

    logging.basicConfig(level=logging.WARNING)
    api.set_logger(logging.getLogger("sahara-original"))
    images.SaharaPackageValidator._DISTRO_FAMILES.setdefault("debian", "debian")

    # the original reads manifests and scripts as package resources: make MANIFEST_DIR one
    top = tempfile.mkdtemp(prefix="sip-orig-")
    try:
        pkg = os.path.join(top, "sipbench")
        shutil.copytree(manifest_dir, os.path.join(pkg, "images"))
        open(os.path.join(pkg, "__init__.py"), "w").close()
        sys.path.insert(0, top)
        validator = images.SaharaImageValidator.from_yaml(
            "images/image.yaml", resource_roots=["images"], package="sipbench")
        with api.ImageRemote(image, None) as remote:
            try:
                validator.validate(remote, test_only=test_only, image_arguments={})
            except Exception as e:  # the original lets guestfs RuntimeErrors through too
                print("validation failed: %s" % e, file=sys.stderr)
                return 1
        return 0
    finally:
        shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

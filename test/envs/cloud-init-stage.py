"""cloud-init-stage.py DOC STAGE: what cloud-init 22.4 does with a #cloud-config document, using
its own code (PYTHONPATH: Debian's unpacked package, see fetch-cloud-init.sh):
  1. `cloud-init schema --config-file DOC`'s check (validate_cloudconfig_file);
  2. cc_write_files: each write_files entry decoded, owned and permissioned by write_files(),
     with STAGE prefixed to its path (the only change: the test copies STAGE into the root);
  3. cc_runcmd: the runcmd list turned into the per-instance script by util.shellify, written
     where cc_runcmd puts it (STAGE/var/lib/cloud/instance/scripts/runcmd, mode 0700), for
     scripts_user to run.
"""
import os
import sys

from cloudinit import util
from cloudinit.config import cc_write_files
from cloudinit.config.schema import get_schema, validate_cloudconfig_file

doc, stage = sys.argv[1], sys.argv[2]
validate_cloudconfig_file(doc, get_schema(), annotate=False)
print("Valid cloud-config:", doc)
with open(doc, "rb") as f:
    cfg = util.load_yaml(f.read())
files = [dict(f, path=stage + f["path"]) for f in cfg.get("write_files", [])]
cc_write_files.write_files("write_files", files, "root:root")  # the distro's default_owner
script = os.path.join(stage, "var/lib/cloud/instance/scripts/runcmd")
os.makedirs(os.path.dirname(script), exist_ok=True)
util.write_file(script, util.shellify(cfg["runcmd"]), 0o700)
print("staged", len(files), "file(s) and", script)

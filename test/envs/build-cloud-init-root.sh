#!/usr/bin/env bash
# build-cloud-init-root.sh CACHE  ->  prints CACHE/cloud-init-root
#
# The Debian test root (build-debian-root.sh, with its offline package repository) plus Debian's
# real cloud-init 22.4 package, installed with apt from Debian's archive (the only step that needs
# the network; about 25 s). Afterwards the offline repository is again the only apt source, so a
# program run here installs packages exactly as in the Debian root.
#
# cloud-init is set up the way a NoCloud boot has it, minus the hardware:
#   - /etc/cloud/cloud.cfg.d/90-sip.cfg: datasource_list [NoCloud]; the three stages' module lists
#     cut to the modules that act on user-data documents (write_files in the init stage, runcmd in
#     config, scripts_user in final), so modules that need hardware or tools this root has not
#     (ssh host keys, locales, growpart) do not fail and hide the result;
#   - the test puts its document at /var/lib/cloud/seed/nocloud/user-data (with meta-data) and
#     runs the boot's four commands in order: `cloud-init init --local`, `cloud-init init`,
#     `cloud-init modules --mode config`, `cloud-init modules --mode final`.
#
# Idempotent and cached like build-debian-root.sh (CACHE/cloud-init-root.stamp, which also
# names the Debian root's recipe; flock CACHE/.lock-cloud-init).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname -- "${BASH_SOURCE[0]}")/lib.sh"

cache=${1:?usage: build-cloud-init-root.sh CACHE}
mkdir -p -- "$cache"
cache=$(cd -- "$cache" && pwd)
base=$("$SIP_ENVS_DIR/build-debian-root.sh" "$cache")
dir=$cache/cloud-init-root
part=$cache/cloud-init-root.partial
recipe=$(sip_recipe_id "$SIP_ENVS_DIR/build-cloud-init-root.sh" "$SIP_ENVS_DIR/lib.sh" <"$base.stamp")
log=$cache/cloud-init-root.log

exec 9>"$cache/.lock-cloud-init"
sip_flock 9 "$cache/.lock-cloud-init"
if sip_stamp_ok "$dir" "$recipe"; then printf '%s\n' "$dir"; exit 0; fi

t0=$SECONDS
sip_log "building $dir"
rm -rf --one-file-system -- "$part"
cp -a -- "$base" "$part"
: >"$log"

sip_install_from_archive "$part" "$log" cloud-init

cat >"$part/etc/cloud/cloud.cfg.d/90-sip.cfg" <<'CFG'
# the test root's NoCloud boot (see test/envs/build-cloud-init-root.sh)
datasource_list: [NoCloud]
cloud_init_modules: [write_files]
cloud_config_modules: [runcmd]
cloud_final_modules: [scripts_user]
CFG
rm -rf -- "$part/var/lib/cloud" "$part/var/log/cloud-init.log" "$part/var/log/cloud-init-output.log"

# self-check: the real command line answers, and nothing of ours is installed yet
version=$(sip_chroot "$part" cloud-init --version 2>&1) || sip_die "cloud-init --version: $version"
sip_log "$version"
if sip_chroot "$part" dpkg-query -W sip-hello >/dev/null 2>&1; then sip_die "sip-hello is installed"; fi

sip_install_tree "$cache" "$part" "$dir" "$recipe"
sip_log "cloud-init root ready in $((SECONDS - t0)) s"
printf '%s\n' "$dir"

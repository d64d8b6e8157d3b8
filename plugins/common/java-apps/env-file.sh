#!/bin/bash
# /etc/profile.d/<product>.sh: JAVA_HOME (the OpenJDK <java_version> that is installed),
# <PRODUCT>_HOME (the <install_dir>/<product> symlink), its conf and log folders, and PATH.
# Test-only: compares the file with what it should hold, byte for byte. Reconcile: writes it
# (to a temp file renamed into place) when it differs.
# Environment: product, install_dir, java_version, test_only.
set -u
product=${product:?product is not set}
java_version=${java_version:?java_version is not set}
prefix=${install_dir:-/opt}
java=''
for j in /usr/lib/jvm/java-"${java_version}"-openjdk*/bin/java; do
  [[ -x $j ]] && { java=$j; break; }
done
[[ -n $java ]] || java=$(command -v java) || { echo "missing: java (OpenJDK $java_version)" >&2; exit 1; }
java=$(readlink -f -- "$java")
java_home=${java%/bin/java}
home=$prefix/$product
up=${product^^}
case $product in
  hadoop) conf=$home/etc/hadoop bins=$home/bin:$home/sbin ;;
  *) conf=$home/conf bins=$home/bin ;;
esac
file=/etc/profile.d/$product.sh
text="# Written by sahara-image-pack ($product plugin); changes are overwritten.
export JAVA_HOME=$java_home
export ${up}_HOME=$home
export ${up}_CONF_DIR=$conf
export ${up}_LOG_DIR=/var/log/$product
case :\$PATH: in *:$home/bin:*) ;; *) PATH=\$PATH:$bins ;; esac
export PATH
"
have=''
[[ -f $file ]] && IFS= read -r -d '' have <"$file"
[[ $have == "$text" ]] && exit 0
if [[ -f $file ]]; then echo "different: $file" >&2; else echo "missing: $file" >&2; fi
[[ ${test_only:-0} == 1 ]] && exit 1
mkdir -p /etc/profile.d || exit 1
printf '%s' "$text" >"$file.sip-tmp" && chmod 0644 "$file.sip-tmp" && mv -f -- "$file.sip-tmp" "$file" || exit 1
echo "wrote: $file" >&2

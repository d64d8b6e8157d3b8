# Sourced by cluster services: copied byte-exact to /tmp/cluster-env.sh by copy_script.
export SAHARA_DEMO=1

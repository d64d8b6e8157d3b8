/** The CLI's help text. Kept in its own module so `--help` loads nothing else. */
export const USAGE = `sahara-image-pack — compile Sahara image manifests into one bash program, and run it

Usage:
  sahara-image-pack check    (MANIFEST | PLUGIN VERSION) [--format text|json] [--resource-root DIR]... [VALUES]
  sahara-image-pack compile  (MANIFEST | PLUGIN VERSION) [-o FILE] [--format bash|cloud-config|user-data|ansible|packer] [--compact] [VALUES]
  sahara-image-pack plan     (MANIFEST | PLUGIN VERSION) --distro ID [VALUES]
  sahara-image-pack plugins                       list plugins, where they were found, versions and arguments
  sahara-image-pack run      (MANIFEST | PLUGIN VERSION) --image IMG [--root-filesystem DEV] [--test-only]
                             [--no-network] [--launch-timeout S] [--timeout S] [--distro ID]
                             [--report FILE] [--junit FILE] [--json] [VALUES]
  sahara-image-pack [--config-file F]... [--image IMG] [--root-filesystem DEV] [--test-only] PLUGIN VERSION [--NAME VALUE]...
  sahara-image-pack [--config-file F]... PLUGIN VERSION --help      that version's arguments

  VALUES (manifest argument values, the same for every command): --NAME VALUE, --NAME=VALUE,
  -x VALUE for a one-letter name, or --set NAME=VALUE. compile bakes them in as defaults,
  plan plans with them, run passes them to the program, check checks them.

Commands:
  check     Read and type-check a manifest. Prints every problem with file:line:col and a
            source excerpt. Exit 0 when clean (warnings allowed), 2 on errors.
  compile   Check, then write ONE self-contained bash program (stdout, or -o FILE written
            atomically; no file is written when there are errors). Argument values are baked
            in as the arguments' new defaults. --compact leaves the runtime's comments
            and blank lines out (a smaller program that bash parses faster; same behaviour).
            --format cloud-config writes a #cloud-config document that installs the (compact)
            program and runs it once; --format user-data the program itself, gzipped. Both
            warn above 16 KB (EC2) and fail above 65,535 bytes after base64 (Nova).
            --format ansible writes a playbook that runs the program on an inventory (report
            fetched per host); --format packer a Packer shell provisioner block.
  plan      Show which validators would run on a distro (e.g. ubuntu22, rocky9, debian) with
            the given argument values, as a tree with manifest locations.
  plugins   List the bundled and configured plugins.
  run       Compile, then run the program on a target and bring back its exit status, its
            progress (live) and its report. --image: a qcow2 or raw disk image, through one
            libguestfs appliance; test-only leaves it byte-identical, reconcile commits its
            changes only when the program succeeds. The original's form (the last usage
            line) is run --image with that plugin version.

Common options:
  --resource-root DIR   Where scripts are looked up (repeatable, first hit wins);
                        default: the manifest's own directory (or the plugin's roots).
  --plugin-dir DIR      Also look for plugins in DIR (repeatable): plugin folders, or an
                        original Sahara plugin package checkout.
  --config-file F       Sahara-style INI file (repeatable, later wins): [DEFAULT] plugins =
                        enabled plugins; [sahara_image_pack] plugin_dirs, libguestfs and
                        runner settings; [plugin:NAME] argument defaults. See README.md.
  --max-errors N        Report at most N errors (default 100).
  --warnings-as-errors  Treat warnings (e.g. an os_case typo) as errors: exit 2 (check,
                        compile, run).
  -h, --help            This help.  --version  The tool's version.

Exit status: 0 success; 1 validation failed (run); 2 usage error or manifest errors;
3 unsupported system (run); 4 the target cannot be used (image missing, not a disk image,
no Linux root, full); 5 the target is busy (another run, a running VM); 6 the runner's tool
failed (libguestfs); 7 --timeout; 130 interrupted (Ctrl-C), nothing changed.
`;

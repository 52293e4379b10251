#!/usr/bin/env python3
"""Validates LAVA job definitions against LAVA's own job schema (the
lava_common package of Debian's lava-common, /usr/lib/python3/dist-packages).

    tools/lava/validate.py tools/lava/*.yaml

Prints `<file>: valid` or `<file>: invalid: <reason>` per file and exits 1 if
any is invalid, 2 if lava_common or PyYAML cannot be imported."""

import sys

try:
    import yaml
    from lava_common.schemas import validate
except ImportError as exc:
    print("lava_common not available (%s): install Debian's lava-common" % exc)
    sys.exit(2)


def main(paths):
    bad = 0
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                validate(yaml.safe_load(f), strict=True)
            print("%s: valid" % path)
        except Exception as exc:  # voluptuous raises several kinds
            print("%s: invalid: %s" % (path, exc))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``python -m registry_app``: the same as the ``registry-app`` command."""

import sys

from registry_app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())

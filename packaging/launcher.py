"""Entry point of the frozen application: the same as the ``registry-app`` command."""
import multiprocessing
import os
import sys
from pathlib import Path


def prefer_bundled_platform() -> None:
    """Fall back to X11 (XWayland) when the session asks for Wayland, which is not bundled."""
    bundle = Path(getattr(sys, "_MEIPASS", ""))
    plugins = bundle / "PySide6" / "Qt" / "plugins" / "platforms"
    wanted = os.environ.get("QT_QPA_PLATFORM", "")
    if wanted.startswith("wayland") and plugins.is_dir() and not any(plugins.glob("*wayland*")):
        os.environ["QT_QPA_PLATFORM"] = "xcb"


if __name__ == "__main__":
    multiprocessing.freeze_support()
    if sys.platform.startswith("linux"):
        prefer_bundled_platform()
    from registry_app.cli.main import main
    sys.exit(main())

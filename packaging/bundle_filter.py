"""Which collected files the bundle leaves out: Qt modules, plugins and translations it never loads.

Used by registry_app.spec on a.binaries and a.datas (PyInstaller's --exclude-module does not
drop Qt libraries or plugins). Paths are bundle destinations such as
'PySide6/Qt/lib/libQt6Quick.so.6' (Linux), 'PySide6/Qt6Quick.dll' (Windows) or
'PySide6/Qt/lib/QtQuick.framework/...' (macOS).
"""
from __future__ import annotations

import re

UNUSED_QT_LIBRARIES = re.compile(
    r"(^|[/\\])(lib)?Qt6?(Quick|Qml|Pdf|VirtualKeyboard|WebEngine|WebChannel|WebSockets|3D"
    r"|Multimedia|Network|Wayland|Wl|Egl[Ff][Ss]|OpenGL|Designer|Help|Labs|Lottie|Charts"
    r"|DataVisualization|UiTools|Test|Sql|ShaderTools|SerialPort|Positioning|Sensors"
    r"|SpatialAudio|TextToSpeech|Location|Bluetooth|Nfc|RemoteObjects|Scxml|StateMachine"
    r"|Graphs)")
UNUSED_PLUGIN_FOLDERS = frozenset({
    "qmltooling", "qmllint", "designer", "egldeviceintegrations", "networkinformation", "tls",
    "generic", "sqldrivers", "position", "multimedia", "geoservices", "sensors",
    "virtualkeyboard", "webview", "canbus", "texttospeech", "renderers", "scenegraph",
    "wayland-decoration-client", "wayland-graphics-integration-client",
    "wayland-graphics-integration-server", "wayland-shell-integration", "vectorimageformats",
})
# Linux: a real window (xcb; XWayland on Wayland desktops) and offscreen (the self-test).
PLATFORM_PLUGINS = {"linux": ("qxcb", "qoffscreen", "qminimal"),
                    "win32": ("qwindows", "qoffscreen", "qminimal"),
                    "darwin": ("qcocoa", "qoffscreen", "qminimal")}
UNUSED_PLUGIN_FILES = re.compile(r"(qgtk3|qtvirtualkeyboard|qpdf)[^/\\]*$")
# System libraries (top level of the bundle) that only the dropped GTK platform theme loads;
# Pillow's own copies live in pillow.libs/ and stay.
GTK_LIBRARIES = re.compile(
    r"^lib(gtk-3|gdk-3|gdk_pixbuf|atk-|atk-bridge|atspi|epoxy|cairo|pango|pixman|fribidi|thai"
    r"|datrie|graphite2|harfbuzz)[^/\\]*$")
# Mesa's software OpenGL for Windows: a widgets application draws without OpenGL.
WINDOWS_SOFTWARE_GL = re.compile(r"(^|[/\\])opengl32sw\.dll$", re.IGNORECASE)
QT_DATA_FOLDERS = re.compile(r"(^|[/\\])PySide6[/\\](Qt[/\\])?(translations|qml)[/\\]")


def platform_key(platform: str) -> str:
    """'linux', 'win32' or 'darwin' for a sys.platform value."""
    return "linux" if platform.startswith("linux") else platform


def plugin_parts(dest: str) -> tuple[str, str] | None:
    """(plugin folder, file name) for a Qt plugin in the bundle, else None."""
    parts = re.split(r"[/\\]", dest)
    if "plugins" not in parts[:-2]:
        return None
    index = len(parts) - 1 - parts[::-1].index("plugins")
    return (parts[index + 1], parts[-1]) if index + 2 < len(parts) else None


def unused_platform_plugin(name: str, platform: str) -> bool:
    keep = PLATFORM_PLUGINS.get(platform_key(platform), ())
    return not any(re.match(rf"(lib)?{k}\.(so|dll|dylib)$", name) for k in keep)


def unused_plugin(dest: str, platform: str) -> bool:
    plugin = plugin_parts(dest)
    if plugin is None:
        return False
    folder, name = plugin
    if folder == "platforms":
        return unused_platform_plugin(name, platform)
    return folder in UNUSED_PLUGIN_FOLDERS or bool(UNUSED_PLUGIN_FILES.search(name))


def is_unused(dest: str, platform: str) -> bool:
    """True for a Qt piece this widgets application never loads on `platform`."""
    patterns = (UNUSED_QT_LIBRARIES, GTK_LIBRARIES, WINDOWS_SOFTWARE_GL, QT_DATA_FOLDERS)
    return any(p.search(dest) for p in patterns) or unused_plugin(dest, platform)


def keep_used(toc: list, platform: str) -> list:
    """The TOC entries (dest, source, kind) worth bundling."""
    return [entry for entry in toc if not is_unused(entry[0], platform)]

"""The packaging files agree with each other and with registry_app: names, version, paths."""
from __future__ import annotations

import configparser
import os
import re
import stat
import sys
import types

import pytest

import registry_app
from registry_app import paths

from .conftest import PACKAGING, ROOT, load_packaging_module

ISS = PACKAGING / "windows" / "registry_app.iss"
PS1 = PACKAGING / "windows" / "build_windows.ps1"
DESKTOP = PACKAGING / "linux" / "registry-app.desktop"


def test_appinfo_matches_the_application(appinfo):
    assert appinfo.version() == registry_app.__version__
    assert appinfo.DISPLAY_NAME == paths.APP_NAME
    assert appinfo.APP_SLUG == paths.APP_SLUG


def test_files_the_build_uses_exist(appinfo):
    needed = [appinfo.LAUNCHER, appinfo.SPEC, appinfo.ICON_SVG, appinfo.ICON_ICO,
              appinfo.ICON_ICNS, ROOT / "LICENSE", ROOT / "resources" / "benchmarks",
              *(appinfo.icon_png(size) for size in appinfo.ICON_PNG_SIZES)]
    assert [str(p) for p in needed if not p.exists()] == []


def test_version_reader_fails_plainly_without_a_version(appinfo, tmp_path):
    (tmp_path / "registry_app").mkdir()
    (tmp_path / "registry_app" / "__init__.py").write_text('"""No version here."""\n')
    with pytest.raises(RuntimeError, match="no __version__"):
        appinfo.version(tmp_path)


# The spec, executed with PyInstaller's build classes replaced by recorders ---------------


class Recorder:
    """Stands in for Analysis/PYZ/EXE/COLLECT/BUNDLE and keeps what the spec passed."""

    calls: list = []

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs
        Recorder.calls.append((type(self).__name__, self))


FAKE_BINARIES = [
    ("PySide6/Qt/lib/libQt6Widgets.so.6", "x", "BINARY"),
    ("PySide6/Qt/lib/libQt6Quick.so.6", "x", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "x", "BINARY"),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", "x", "BINARY"),
]


class FakeAnalysis(Recorder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.binaries = list(FAKE_BINARIES)
        self.datas = [(dest, src, "DATA") for src, dest in kwargs["datas"]]
        self.datas.append(("PySide6/Qt/translations/qtbase_de.qm", "x", "DATA"))
        self.pure, self.scripts = [], []


def run_spec(monkeypatch, platform: str) -> dict[str, list]:
    """Execute registry_app.spec as PyInstaller would on `platform`; the recorded calls."""
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package: [f"{package}.cli.commands.report"]
    hooks.collect_data_files = lambda package, includes=(): [("/x/fonts/Vera.ttf", f"{package}/fonts")]
    hooks.copy_metadata = lambda package: [(f"/x/{package}.dist-info", f"{package}.dist-info")]
    for name in ("PyInstaller", "PyInstaller.utils"):
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))
    monkeypatch.setitem(sys.modules, "PyInstaller.utils.hooks", hooks)
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec prepends packaging/
    Recorder.calls = []
    names = ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE")
    spec_globals = {name: type(name, (FakeAnalysis if name == "Analysis" else Recorder,), {})
                    for name in names}
    spec_globals.update(SPECPATH=str(PACKAGING), __file__=str(PACKAGING / "registry_app.spec"))
    code = compile((PACKAGING / "registry_app.spec").read_text(encoding="utf-8"), "spec", "exec")
    exec(code, spec_globals)
    calls: dict[str, list] = {name: [] for name in names}
    for name, call in Recorder.calls:
        calls[name].append(call)
    return calls


def test_spec_bundles_the_launcher_resources_and_migrations(monkeypatch):
    analysis = run_spec(monkeypatch, "linux")["Analysis"][0]
    assert analysis.args[0] == [str(PACKAGING / "launcher.py")]
    datas = {(src, dest) for src, dest in analysis.kwargs["datas"]}
    assert (str(ROOT / "resources"), "resources") in datas
    assert (str(ROOT / "LICENSE"), ".") in datas  # the About dialog reads it next to resources/
    migrations = ROOT / "registry_app" / "storage" / "migrations"
    target = "registry_app/storage/migrations"
    assert (str(migrations / "script.py.mako"), target) in datas
    assert (str(migrations / "env.py"), target) in datas
    versions = sorted((migrations / "versions").glob("*.py"))
    assert versions and all((str(p), f"{target}/versions") in datas for p in versions)
    assert not any("__pycache__" in src for src, _ in datas)
    assert "alembic.ddl.sqlite" in analysis.kwargs["hiddenimports"]


def test_spec_bundles_the_native_export_writer_with_its_metadata(monkeypatch):
    analysis = run_spec(monkeypatch, "linux")["Analysis"][0]
    assert {"rustpy_xlsxwriter", "xlsxwriter"} <= set(analysis.kwargs["hiddenimports"])
    datas = {(src, dest) for src, dest in analysis.kwargs["datas"]}
    assert ("/x/rustpy-xlsxwriter.dist-info", "rustpy-xlsxwriter.dist-info") in datas


def test_spec_filters_unused_qt_pieces(monkeypatch):
    analysis = run_spec(monkeypatch, "linux")["Analysis"][0]
    assert [dest for dest, _, _ in analysis.binaries] == [
        "PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/plugins/platforms/libqxcb.so"]
    assert not any("translations" in dest for dest, _, _ in analysis.datas)


def test_spec_on_linux_makes_one_console_executable_named_registry_app(monkeypatch, appinfo):
    calls = run_spec(monkeypatch, "linux")
    [exe] = calls["EXE"]
    assert exe.kwargs["name"] == appinfo.APP_SLUG and exe.kwargs["console"] is True
    assert calls["COLLECT"][0].kwargs["name"] == appinfo.APP_SLUG
    assert calls["BUNDLE"] == []


def test_spec_on_windows_adds_a_console_twin_with_the_ico(monkeypatch, appinfo):
    exes = run_spec(monkeypatch, "win32")["EXE"]
    assert [(e.kwargs["name"], e.kwargs["console"]) for e in exes] == [
        ("registry-app", False), ("registry-app-cli", True)]
    assert {e.kwargs["icon"] for e in exes} == {str(appinfo.ICON_ICO)}


def test_spec_on_macos_makes_an_app_bundle(monkeypatch, appinfo):
    [bundle] = run_spec(monkeypatch, "darwin")["BUNDLE"]
    assert bundle.kwargs["bundle_identifier"] == appinfo.BUNDLE_ID
    assert bundle.kwargs["icon"] == str(appinfo.ICON_ICNS) and appinfo.ICON_ICNS.exists()
    assert bundle.kwargs["version"] == registry_app.__version__
    plist = bundle.kwargs["info_plist"]
    assert plist["NSHighResolutionCapable"] is True
    assert plist["CFBundleShortVersionString"] == registry_app.__version__


# Which Qt pieces are left out -----------------------------------------------------------------


@pytest.mark.parametrize("dest, platform, unused", [
    ("PySide6/Qt/lib/libQt6Widgets.so.6", "linux", False),
    ("PySide6/Qt/lib/libQt6Svg.so.6", "linux", False),
    ("PySide6/Qt/lib/libQt6DBus.so.6", "linux", False),
    ("PySide6/Qt/lib/libQt6QuickWidgets.so.6", "linux", True),
    ("PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", "linux", True),
    ("PySide6/Qt/lib/libQt6Network.so.6", "linux", True),
    ("libQt6OpenGL.so.6", "linux", True),
    ("PySide6/Qt/plugins/platforms/libqxcb.so", "linux", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", "linux", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", "linux", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", "linux", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", "linux", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", "linux", False),
    ("PySide6/Qt/plugins/imageformats/libqpdf.so", "linux", True),
    ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", "linux", True),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", "linux", True),
    ("PySide6/Qt/translations/qtbase_fr.qm", "linux", True),
    ("libgtk-3.so.0", "linux", True),
    ("libharfbuzz.so.0", "linux", True),
    ("pillow.libs/libharfbuzz-fb49c9fc.so.0.61450.0", "linux", False),
    ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", "linux", False),
    ("PySide6/Qt6Widgets.dll", "win32", False),
    ("PySide6/Qt6Quick.dll", "win32", True),
    ("PySide6/plugins/platforms/qwindows.dll", "win32", False),
    ("PySide6\\plugins\\platforms\\qwindows.dll", "win32", False),
    ("PySide6/plugins/platforms/qxcb.dll", "win32", True),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", "win32", False),
    ("PySide6/opengl32sw.dll", "win32", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", "darwin", False),
    ("PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml", "darwin", True),
    ("PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui", "darwin", False),
])
def test_bundle_filter(bundle_filter, dest, platform, unused):
    assert bundle_filter.is_unused(dest, platform) is unused


# Linux desktop entry ---------------------------------------------------------------------------


def test_desktop_entry_parses_with_the_required_keys(appinfo):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == appinfo.DISPLAY_NAME
    assert entry["Exec"].split()[0] == entry["TryExec"] == appinfo.APP_SLUG
    assert entry["Icon"] == appinfo.APP_SLUG and appinfo.ICON_SVG.stem == appinfo.APP_SLUG
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")
    assert {"Office", "MedicalSoftware", "Science"} <= set(entry["Categories"].split(";"))


def test_linux_build_adds_desktop_file_icons_installer_and_licence(tmp_path, appinfo):
    build_linux = load_packaging_module("build_linux")
    build_linux.add_desktop_files(tmp_path)
    share = tmp_path / "share"
    assert (share / "applications" / "registry-app.desktop").read_bytes() == DESKTOP.read_bytes()
    for size in appinfo.ICON_PNG_SIZES:
        assert (share / f"icons/hicolor/{size}x{size}/apps/registry-app.png").is_file()
    assert (share / "icons/hicolor/scalable/apps/registry-app.svg").is_file()
    assert (tmp_path / "install.sh").stat().st_mode & stat.S_IXUSR
    assert "MIT License" in (tmp_path / "LICENSE").read_text(encoding="utf-8")


# Windows installer ---------------------------------------------------------------------------------


def iss_defines() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    return dict(re.findall(r'^\s*#define\s+(\w+)\s+"([^"]*)"', text, re.MULTILINE))


def iss_sections() -> dict[str, list[str]]:
    """Lines of each [Section], comments and blank lines left out."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in ISS.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if re.fullmatch(r"\[\w+\]", line):
            current = sections.setdefault(line[1:-1], [])
        elif current is not None and line and not line.startswith(";"):
            current.append(line)
    return sections


def iss_setup() -> dict[str, str]:
    return dict(line.split("=", 1) for line in iss_sections()["Setup"])


def test_inno_script_uses_the_application_names_and_version(appinfo):
    defines = iss_defines()
    assert defines["AppVersion"] == registry_app.__version__
    assert defines["AppName"] == appinfo.DISPLAY_NAME
    assert defines["AppSlug"] == appinfo.APP_SLUG
    assert defines["AppExeName"] == f"{appinfo.APP_SLUG}.exe"
    assert defines["AppPublisher"] == appinfo.PUBLISHER
    setup = iss_setup()
    assert setup["AppId"] == "{{" + appinfo.WINDOWS_APP_ID + "}"
    assert setup["DefaultDirName"] == r"{autopf}\{#AppName}"


def test_inno_script_refers_to_files_that_exist_or_the_build_makes():
    setup = iss_setup()
    here = ISS.parent
    for key in ("SetupIconFile", "LicenseFile"):
        assert (here / setup[key].replace("\\", "/")).resolve().is_file(), key
    bundle = (here / iss_defines()["BundleDir"].replace("\\", "/")).resolve()
    assert bundle == ROOT / "dist" / "registry-app"  # where build_linux/PyInstaller put it


def test_inno_script_never_deletes_the_users_registry():
    sections = iss_sections()
    assert "UninstallDelete" not in sections
    deleted = [line for line in sections.get("InstallDelete", [])]
    assert deleted and all('Name: "{app}\\' in line for line in deleted)
    assert not re.search(r"localappdata|userappdata|registry\.sqlite3",
                         "\n".join(sum(sections.values(), [])), re.IGNORECASE)


def test_inno_script_adds_start_menu_and_optional_desktop_icons():
    icons = iss_sections()["Icons"]
    assert any(line.startswith('Name: "{autoprograms}\\{#AppName}"') for line in icons)
    desktop = [line for line in icons if "{autodesktop}" in line]
    assert desktop and "Tasks: desktopicon" in desktop[0]
    assert any("desktopicon" in line and "unchecked" in line for line in iss_sections()["Tasks"])


def test_windows_build_script_names_files_that_exist():
    text = PS1.read_text(encoding="utf-8")
    for relative in re.findall(r"packaging\\[\w\\.]+\.(?:spec|iss)", text):
        assert (ROOT / relative.replace("\\", "/")).is_file(), relative
    assert "--self-test" in text and "/DAppVersion=" in text


# Licence, build requirements, ignored outputs ---------------------------------------------------


def test_licence_is_mit_for_the_registry_app_authors():
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License") and "The registry_app authors" in text


def test_package_extra_pins_pyinstaller_exactly():
    build_linux = load_packaging_module("build_linux")
    [requirement] = build_linux.package_requirements()
    assert re.fullmatch(r"pyinstaller==\d+\.\d+(\.\d+)?", requirement)


def test_build_outputs_are_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "dist/" in ignored and "build/" in ignored


def test_readme_documents_the_build_command_and_the_measured_size():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Building the desktop application", 1)[1]
    assert "python3 packaging/build_linux.py" in section
    assert (ROOT / "packaging" / "build_linux.py").is_file()
    assert re.search(r"folder \d+ MiB", section) and re.search(r"tarball \d+ MiB", section)


# The frozen launcher ----------------------------------------------------------------------------


@pytest.mark.parametrize("bundled, asked, expected", [
    (["libqxcb.so"], "wayland", "xcb"),
    (["libqxcb.so"], "wayland;xcb", "xcb"),
    (["libqxcb.so", "libqwayland.so"], "wayland", "wayland"),
    (["libqxcb.so"], "offscreen", "offscreen"),
])
def test_launcher_falls_back_to_x11_when_wayland_is_not_bundled(
        tmp_path, monkeypatch, bundled, asked, expected):
    launcher = load_packaging_module("launcher")
    platforms = tmp_path / "PySide6" / "Qt" / "plugins" / "platforms"
    platforms.mkdir(parents=True)
    for name in bundled:
        (platforms / name).write_bytes(b"")
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", asked)
    launcher.prefer_bundled_platform()
    assert os.environ["QT_QPA_PLATFORM"] == expected

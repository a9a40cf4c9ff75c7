#!/bin/sh
# Install the unpacked registry-app bundle (this folder) for the current user, or for everyone.
#
#   ./install.sh              ~/.local/opt/registry-app, ~/.local/bin/registry-app, menu entry
#   sudo ./install.sh --system /opt/registry-app, /usr/local/bin/registry-app, menu entry
#   ./install.sh --uninstall  (add --system for a system-wide install)
#
# The registry itself is NOT in this folder: it lives in the user's data folder
# (~/.local/share/registry-app, or REGISTRY_HOME / REGISTRY_DB). Installing, upgrading and
# uninstalling never touch it.
set -eu

APP=registry-app
HERE=$(cd "$(dirname "$0")" && pwd)
SCOPE=user
ACTION=install
for arg in "$@"; do
  case "$arg" in
    --system) SCOPE=system ;;
    --uninstall) ACTION=uninstall ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

if [ "$SCOPE" = system ]; then
  PREFIX=/opt/$APP; BIN=/usr/local/bin; SHARE=/usr/local/share
else
  PREFIX=$HOME/.local/opt/$APP; BIN=$HOME/.local/bin; SHARE=${XDG_DATA_HOME:-$HOME/.local/share}
fi

refresh_menus() {
  command -v update-desktop-database >/dev/null 2>&1 \
    && update-desktop-database -q "$SHARE/applications" 2>/dev/null || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 \
    && gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" 2>/dev/null || true
}

uninstall() {
  rm -f "$BIN/$APP" "$SHARE/applications/$APP.desktop"
  find "$SHARE/icons/hicolor" -path "*/apps/$APP.*" -delete 2>/dev/null || true
  if [ "$PREFIX" != "$HERE" ]; then rm -rf "$PREFIX"; fi
  refresh_menus
  echo "Removed $APP from $PREFIX. Your registry and backups were left where they are."
}

install_files() {
  if [ "$PREFIX" != "$HERE" ]; then
    rm -rf "$PREFIX"
    mkdir -p "$PREFIX"
    cp -a "$HERE/." "$PREFIX/"
  fi
  mkdir -p "$BIN" "$SHARE/applications"
  ln -sf "$PREFIX/$APP" "$BIN/$APP"
  sed -e "s|^Exec=$APP|Exec=$PREFIX/$APP|" -e "s|^TryExec=.*|TryExec=$PREFIX/$APP|" \
    "$HERE/share/applications/$APP.desktop" > "$SHARE/applications/$APP.desktop"
  (cd "$HERE/share" && find icons -type f -name "$APP.*") | while read -r icon; do
    mkdir -p "$SHARE/$(dirname "$icon")"
    cp "$HERE/share/$icon" "$SHARE/$icon"
  done
  refresh_menus
  echo "Installed $APP in $PREFIX; run '$APP' or use the applications menu."
  case ":$PATH:" in *":$BIN:"*) ;; *) echo "Note: $BIN is not on your PATH." ;; esac
}

if [ "$ACTION" = uninstall ]; then uninstall; else install_files; fi

#!/bin/sh
# Install Vision Desk for the current user (no root needed):
#
#   ./install.sh [BUNDLE_DIR]
#
#   the program          ~/.local/opt/vision-desk/
#   the command          ~/.local/bin/vision-desk  (a link to the program)
#   the menu entry       ~/.local/share/applications/org.visiondesk.VisionDesk.desktop
#   the AppStream data   ~/.local/share/metainfo/org.visiondesk.VisionDesk.metainfo.xml
#   the icons            ~/.local/share/icons/hicolor/*/apps/org.visiondesk.VisionDesk.*
#
# Run from the unpacked download (the bundle is ./vision-desk) or from a checkout
# after packaging/build (the bundle is dist/vision-desk). Installing again replaces the
# program; the officer's data (~/.local/share/VisionDesk) is never touched.
set -eu

APP_ID=org.visiondesk.VisionDesk
here=$(cd "$(dirname "$0")" && pwd)
say() { printf 'install: %s\n' "$*" >&2; }
fail() { say "$*"; exit 1; }

[ -n "${HOME:-}" ] && [ -d "$HOME" ] || fail "HOME is not set to a folder"
data=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/vision-desk
bindir=$HOME/.local/bin

# Where the pieces are: the unpacked download, or a checkout's packaging/linux.
if [ $# -ge 1 ]; then
  bundle=$1
elif [ -x "$here/vision-desk/vision-desk" ]; then
  bundle=$here/vision-desk
else
  bundle=$here/../../dist/vision-desk
fi
if [ -d "$here/icons/hicolor" ]; then icons=$here/icons; else icons=$here/../icons; fi
[ -x "$bundle/vision-desk" ] || fail "no program at $bundle/vision-desk (run packaging/build first, or name the bundle: ./install.sh DIR)"
bundle=$(cd "$bundle" && pwd)
[ -f "$icons/$APP_ID.svg" ] || fail "no icons in $icons"

# The command on PATH: refuse to replace a vision-desk that is not ours (pip --user).
launcher=$bindir/vision-desk
if [ -e "$launcher" ] || [ -L "$launcher" ]; then
  case $(readlink "$launcher" 2>/dev/null || true) in
    "$opt/vision-desk") ;;
    *) fail "$launcher exists and is not Vision Desk's link; move it away and run again" ;;
  esac
fi

# The program: copied beside the old one, then swapped in.
mkdir -p "$(dirname "$opt")" "$bindir"
rm -rf "$opt.new"
cp -R "$bundle" "$opt.new"
if [ -d "$opt" ]; then
  [ -x "$opt/vision-desk" ] || fail "$opt exists and does not hold Vision Desk; move it away and run again"
  rm -rf "$opt"
fi
mv "$opt.new" "$opt"
ln -sfn "$opt/vision-desk" "$launcher"

# The menu entry, pointing at the installed program by its full path (quoted as the
# desktop entry specification asks when the path holds a space or the like).
program=$opt/vision-desk
case $program in
  *[!A-Za-z0-9/._+@-]*)
    exec_value=$(printf '%s' "$program" | sed -e 's/[\\"`$]/\\&/g' -e 's/\\/\\\\/g' -e 's/%/%%/g')
    exec_value="\"$exec_value\""
    ;;
  *) exec_value=$program ;;
esac
try_value=$(printf '%s' "$program" | sed -e 's/\\/\\\\/g')
mkdir -p "$data/applications" "$data/metainfo"
# sed replacement text: escape \ & and the | delimiter.
sed_escape() { printf '%s' "$1" | sed -e 's/[\\&|]/\\&/g'; }
sed -e "s|^Exec=.*|Exec=$(sed_escape "$exec_value")|" \
  -e "s|^TryExec=.*|TryExec=$(sed_escape "$try_value")|" \
  -e '/^# install.sh writes/d' \
  "$here/$APP_ID.desktop" >"$data/applications/$APP_ID.desktop"
cp "$here/$APP_ID.metainfo.xml" "$data/metainfo/$APP_ID.metainfo.xml"

# The icons, in the hicolor theme: PNGs of every size and the scalable drawing.
for folder in "$icons"/hicolor/*/apps; do
  size=$(basename "$(dirname "$folder")")
  mkdir -p "$data/icons/hicolor/$size/apps"
  cp "$folder/$APP_ID.png" "$data/icons/hicolor/$size/apps/$APP_ID.png"
done
mkdir -p "$data/icons/hicolor/scalable/apps"
cp "$icons/$APP_ID.svg" "$data/icons/hicolor/scalable/apps/$APP_ID.svg"

# Tell the desktop: menus watch the applications folder themselves. A user icon cache
# is refreshed only if there already is one: a new cache that other programs'
# installers do not refresh would hide their icons.
touch "$data/icons/hicolor"
if [ -f "$data/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
fi

say "Vision Desk is installed in $opt; it is in the applications menu."
case ":${PATH:-}:" in
  *":$bindir:"*) say "from a terminal: vision-desk --help" ;;
  *) say "from a terminal: $launcher --help ($bindir is not on your PATH; add it in ~/.profile)" ;;
esac

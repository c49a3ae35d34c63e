#!/bin/sh
# Remove what install.sh put in place for the current user:
#
#   ./uninstall.sh
#
# The officer's data is kept: the store and backups (~/.local/share/VisionDesk), the
# settings (~/.config/VisionDesk) and the logs (~/.cache/VisionDesk). Delete those
# folders yourself to remove it too.
set -eu

APP_ID=org.visiondesk.VisionDesk
say() { printf 'uninstall: %s\n' "$*" >&2; }

[ -n "${HOME:-}" ] && [ -d "$HOME" ] || { say "HOME is not set to a folder"; exit 1; }
data=${XDG_DATA_HOME:-$HOME/.local/share}
opt=$HOME/.local/opt/vision-desk
launcher=$HOME/.local/bin/vision-desk

# The command, only if it is the link install.sh made.
if [ -L "$launcher" ] && [ "$(readlink "$launcher")" = "$opt/vision-desk" ]; then
  rm -f "$launcher"
elif [ -e "$launcher" ]; then
  say "leaving $launcher: it is not Vision Desk's link"
fi

# The program, only if it is one.
if [ -d "$opt" ]; then
  if [ -x "$opt/vision-desk" ]; then
    rm -rf "$opt"
  else
    say "leaving $opt: it does not hold Vision Desk"
  fi
fi
rm -rf "$opt.new"
rmdir "$HOME/.local/opt" 2>/dev/null || true

rm -f "$data/applications/$APP_ID.desktop" "$data/metainfo/$APP_ID.metainfo.xml"
for icon in "$data"/icons/hicolor/*/apps/"$APP_ID".png "$data/icons/hicolor/scalable/apps/$APP_ID.svg"; do
  rm -f "$icon"
done

if [ -d "$data/icons/hicolor" ]; then
  touch "$data/icons/hicolor"
  if [ -f "$data/icons/hicolor/icon-theme.cache" ] && command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
  fi
fi

say "Vision Desk is removed. Your data is still in $data/VisionDesk (and ~/.config/VisionDesk)."

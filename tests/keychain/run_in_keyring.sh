#!/bin/sh
# Runs a test inside a private D-Bus session with gnome-keyring's Secret
# Service unlocked (a throwaway keyring in a temporary HOME), as a desktop
# session would offer it. Usage: run_in_keyring.sh TEST [ARGS...]
set -eu
for tool in dbus-run-session:dbus-daemon gnome-keyring-daemon:gnome-keyring; do
    command -v "${tool%%:*}" >/dev/null || { echo "run_in_keyring: ${tool%%:*} is missing (Debian package ${tool#*:})" >&2; exit 1; }
done
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export DEPOT_TEST_KEYRING="$home" HOME="$home" XDG_DATA_HOME="$home/.local/share" XDG_CONFIG_HOME="$home/.config" XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec dbus-run-session -- sh -c '
    printf "depot-test" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
    exec "$@"' run_in_keyring "$@"

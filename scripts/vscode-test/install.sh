#!/usr/bin/env bash
# Installs what the extension-host tests need, offline (npm registry + Debian apt only), and only when missing:
#   - apt: libkrb5-dev (kerberos native build), ripgrep (fed to @vscode/ripgrep), chromium (Playwright driver)
#   - code-server 4.100.3 (= VS Code 1.100.3, the newest code-server whose engines.node accepts Node 20)
#     into a cache folder, like @vscode/test-electron caches VS Code in .vscode-test/.
#   - apt, best effort: fonts-noto-cjk (Chinese glyphs in the screenshots of test-results/; without it the tests
#     still run and pass, the screenshots show boxes)
# usage: scripts/vscode-test/install.sh [PREFIX]   (default PREFIX: <repo>/.vscode-test/code-server-$CS_VERSION)
#        scripts/vscode-test/install.sh --browser-only   (only chromium and the fonts: the test/browser layer)
# Prints the path of the code-server launcher (--browser-only: of chromium) as its last line.
# Installs code-server (VS Code in the browser) offline-safe: see scripts/vscode-test/README.md.
set -euo pipefail
BROWSER_ONLY=
if [ "${1:-}" = "--browser-only" ]; then BROWSER_ONLY=1; shift; fi
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
CS_VERSION=${CS_VERSION:-4.100.3}
PREFIX=${1:-${CODE_SERVER_PREFIX:-$ROOT/.vscode-test/code-server-$CS_VERSION}}
CS="$PREFIX/node_modules/.bin/code-server"
LIBVS="$PREFIX/node_modules/code-server/lib/vscode"
MARKER="$PREFIX/.install-complete"

log() { echo "[vscode-test/install] $*" >&2; }

# --- system packages (apt-get update only when something is missing) ---------------------------------------
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
APT_UPDATED=
apt_update() { [ -n "$APT_UPDATED" ] || { $SUDO apt-get update -qq >&2; APT_UPDATED=1; }; }
need=()
if [ -n "$BROWSER_ONLY" ]; then required=(chromium); else required=(libkrb5-dev ripgrep chromium); fi
for p in "${required[@]}"; do
  installed "$p" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  log "apt: installing ${need[*]}"
  apt_update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >&2
fi
# CJK fonts for readable screenshots: optional, a failure is only a warning
if ! installed fonts-noto-cjk; then
  log "apt: installing fonts-noto-cjk (screenshots of Chinese text; about 60 MB, once)"
  if ! { apt_update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends fonts-noto-cjk >&2; }; then
    log "WARNING: fonts-noto-cjk could not be installed; screenshots will show boxes instead of Chinese text"
  fi
fi
if [ -n "$BROWSER_ONLY" ]; then command -v chromium; exit 0; fi

# The native modules code-server's postinstall must have built (or fetched) for the server to start.
check_native() {
  local missing=() f
  for f in \
    "$PREFIX/node_modules/argon2/lib/binding" \
    "$LIBVS/node_modules.asar" \
    "$LIBVS/bin/remote-cli/code-server" \
    "$LIBVS/node_modules/node-pty/build/Release/pty.node" \
    "$LIBVS/node_modules/@vscode/spdlog/build/Release/spdlog.node" \
    "$LIBVS/node_modules/@vscode/ripgrep/bin/rg" \
    "$LIBVS/node_modules/kerberos/build/Release/kerberos.node" \
    "$LIBVS/node_modules/native-watchdog/build/Release/watchdog.node" \
    "$LIBVS/extensions/node_modules"; do
    [ -e "$f" ] || missing+=("${f#"$PREFIX"/}")
  done
  if [ ${#missing[@]} -gt 0 ]; then printf '%s\n' "${missing[@]}"; return 1; fi
}

# --- cached? ---------------------------------------------------------------------------------------------------
if [ -f "$MARKER" ] && [ -x "$CS" ] \
  && XDG_CONFIG_HOME="$PREFIX/.config" "$CS" --version 2>/dev/null | grep -q "^$CS_VERSION " \
  && check_native >/dev/null; then
  log "code-server $CS_VERSION already in $PREFIX"
  echo "$CS"; exit 0
fi

T0=$(date +%s)
log "installing code-server $CS_VERSION into $PREFIX (about 1 minute, ~300 MB)"
rm -f "$MARKER"
# a partial or broken earlier install: start over (npm would not rerun install scripts of installed packages)
rm -rf "$PREFIX/node_modules" "$PREFIX/package-lock.json" "$PREFIX/.tmp"
mkdir -p "$PREFIX"
cd "$PREFIX"
# Own package.json: the prefix is an npm project of its own (not a dependency of the extension).
# allowScripts: npm 11 here asks for install scripts to be approved. This npm still runs unreviewed ones with an
# "install-scripts" warning (only explicit denials or --strict-allow-scripts block them), and its docs announce
# blocking by default, so approve, pinned, the two packages of *this* project that need theirs:
#   code-server (postinstall.sh: runs `npm install` in lib/vscode and lib/vscode/extensions, builds node-pty,
#   spdlog, kerberos, native-watchdog, fetches rg) and argon2 (node-pre-gyp prebuilt binding or node-gyp build).
# The nested installs inside lib/vscode are separate npm projects whose policy we cannot set (--allow-scripts /
# npm_config_allow_scripts are rejected in project installs, and an .npmrc value is exported to the nested npm
# as npm_config_allow_scripts, which it then rejects too); check_native below verifies that they did run.
cat > package.json <<JSON
{
  "name": "govreport-vscode-test-host",
  "private": true,
  "description": "Cache folder for code-server (VS Code $CS_VERSION) used by scripts/vscode-test/run.mjs",
  "allowScripts": {
    "code-server@$CS_VERSION": true,
    "argon2@0.31.2": true
  }
}
JSON

export TMPDIR="$PREFIX/.tmp"                # os.tmpdir() -> where @vscode/ripgrep looks for its download cache
# lib/vscode/npm-shrinkwrap.json of code-server 4.100.3 pins @vscode/ripgrep 1.15.11, whose postinstall downloads
# ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz from GitHub (unreachable) unless it is already in
# $TMPDIR/vscode-ripgrep-cache-<pkg version>/ -> hand it Debian's rg there.
RG_PKG_VERSION=${RG_PKG_VERSION:-1.15.11}
mkdir -p "$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION" "$TMPDIR/rgpkg"
cp "$(command -v rg)" "$TMPDIR/rgpkg/rg"
tar czf "$TMPDIR/vscode-ripgrep-cache-$RG_PKG_VERSION/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" -C "$TMPDIR/rgpkg" rg

# npm_config_yes: node-pty's install runs `npx node-gyp ...`, which otherwise aborts with
#   "npx canceled due to missing packages and no YES option" when there is no TTY (and ~/.npmrc may say yes=false).
# npm_config_unsafe_perm: code-server's postinstall.sh exits 1 as root unless it is "true" (npm 11 no longer knows
#   the --unsafe-perm flag and warns about it; the environment variable reaches the script all the same).
# npm_config_ignore_scripts=false: in case a user/CI config disables scripts globally.
# foreground-scripts: show the postinstall output (native builds) instead of hiding it.
LOG="$PREFIX/install.log"
set +e
npm_config_yes=true npm_config_unsafe_perm=true npm_config_ignore_scripts=false \
  npm install --no-audit --no-fund --foreground-scripts "code-server@$CS_VERSION" > "$LOG" 2>&1
rc=$?
set -e
if [ $rc -ne 0 ]; then
  tail -n 40 "$LOG" >&2
  log "npm install failed (rc=$rc); full log: $LOG"; exit 1
fi
grep -E "^npm (warn|error) install-scripts" "$LOG" | head -n 20 >&2 || true

if ! missing=$(check_native); then
  log "code-server installed, but its install scripts did not complete; missing:"
  echo "$missing" >&2
  log "(were install scripts skipped by npm? see $LOG; npm install-scripts ls, or"
  log " npm_config_dangerously_allow_all_scripts=true as a last resort)"
  exit 1
fi
# without XDG_CONFIG_HOME, code-server writes ~/.config/code-server/config.yaml
ver=$(XDG_CONFIG_HOME="$PREFIX/.config" "$CS" --version 2>/dev/null | tail -n 1)
case "$ver" in "$CS_VERSION "*) ;; *) log "unexpected code-server --version output: $ver"; exit 1 ;; esac
echo "$ver" > "$MARKER"
log "installed $ver in $(( $(date +%s) - T0 ))s"
echo "$CS"

#!/usr/bin/env bash
# The main job of ./run.sh: a local office server on loopback, one officer's
# tablet enrolled against it, a caseload synced down, a home visit recorded
# offline with the follow-ups the rules raise, synced back up, and the office
# showing every record once. Then, on a machine with a display, the field
# app opens on the synced tablet store. Invented people only.
#   usage: scripts/demo.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: scripts/demo.sh BUILD_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
demo=${DOORSTEP_DEMO_DIR:-$root/out/demo}
port=${DOORSTEP_DEMO_PORT:-$((20000 + RANDOM % 20000))}
office() { "$build/app/office/doorstep-office" --data "$demo/office" "$@"; }
tablet() { "$build/app/cli/doorstep-cli" --store "$demo/tablet" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

rm -rf "$demo"
mkdir -p "$demo"
# Demo passphrase for a throwaway store; a real officer types their own.
export DOORSTEP_PASSPHRASE="demo tablet passphrase" DOORSTEP_NEW_PASSPHRASE="demo tablet passphrase"

step "Office: create the office store, TLS certificate and recovery key"
# The recovery key goes to a file outside the data folder; a real office
# moves it offline at once.
office init --host localhost --host 127.0.0.1 --advertise "127.0.0.1:$port" --recovery-out "$demo/recovery.key"
office officer add ana --name "Ana Lee" --team north
office officer add mo --name "Mo Khan" --team north --manager
office case import "$root/assets/demo/caseload.json" --assign ana

step "Office: serve sync over HTTPS on 127.0.0.1:$port"
"$build/app/office/doorstep-office" --data "$demo/office" serve --listen "127.0.0.1:$port" \
  2>"$demo/office-server.log" </dev/null >/dev/null &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
  (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
  sleep 0.1
done

step "Tablet: enroll with a one-time code (it carries the address and the certificate pin)"
code=$(office enroll-code ana)
tablet enroll "$code" --label "Ana's tablet"

step "Tablet: first sync downloads Ana's caseload"
tablet sync
tablet case list

step "Tablet, offline at the door: briefing for D100001"
tablet briefing D100001

step "Tablet: finish the visit; the rules raise follow-ups before leaving the street"
tablet visit record D100001 "$root/assets/demo/visit-D100001.json"
tablet note add D100001 --category safeguarding --severity concern \
  "Two children's car seats in the hallway; he says they belong to the new partner."
tablet check record D100001 csc_check --date 2026-11-26 --outcome "Requested; CSC to reply within 2 days"
tablet audit verify

step "Tablet, back at the office: sync pushes everything"
tablet sync

step "Office: every record arrived once"
office notes D100001
office visits D100001
office actions
office audit verify
office device list

if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ] && [ -x "$build/app/field/doorstep" ]; then
  step "Field app: opening on the synced tablet store (close the window to finish)"
  "$build/app/field/doorstep" --store "$demo/tablet"
else
  step "No display: the field app is not opened (run ./run.sh on a desktop, or see docs/screenshots/)"
fi
echo
echo "Demo data is in $demo (office store, tablet store, server log)."

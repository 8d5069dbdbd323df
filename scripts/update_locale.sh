#!/usr/bin/env bash
# Refreshes the field app's translation files from the sources: xgettext
# collects every tr("...") (the build does the same into <build>/locale/
# doorstep.pot), msgmerge adds new strings to assets/locale/cy.po (empty:
# shown in English until translated) and drops none, and en.po is the
# template with each msgstr = msgid (msgen). Translators then edit cy.po.
#   scripts/update_locale.sh
set -euo pipefail
cd "$(dirname "$0")/.."
pot="$(mktemp)"
trap 'rm -f "$pot"' EXIT
xgettext --language=C++ --from-code=UTF-8 --keyword=tr --keyword=N_ --omit-header --no-location -o "$pot" \
  $(ls app/field/*.cpp app/field/screens/*.cpp app/field/model/*.cpp | sort)
header() {
  cat <<HDR
# Doorstep field app: UI strings, $1.
# Compiled at build time with msgfmt --check (app/field/CMakeLists.txt);
# refreshed from the sources by scripts/update_locale.sh.
msgid ""
msgstr ""
"Project-Id-Version: doorstep-field\n"
"PO-Revision-Date: 2026-11-30 07:00+0000\n"
"Last-Translator: Doorstep team\n"
"Language-Team: $1\n"
"Language: $2\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: $3\n"

HDR
}
{ header English en 'nplurals=2; plural=(n != 1);'; msgen --no-wrap "$pot"; } > assets/locale/en.po.new
mv assets/locale/en.po.new assets/locale/en.po
msgmerge --quiet --no-wrap --no-fuzzy-matching --update --backup=none assets/locale/cy.po "$pot"

#!/usr/bin/env bash
# The shell steps of the parity GitHub Action (action.yml), kept in a script
# so tests/action.rs can run them with a fake GITHUB_* environment and a
# fake `gh`. Usage: action.sh install | run | finish
#
# install  PARITY_VERSION (a release tag like v0.2.0, or `latest`),
#          PARITY_REPOSITORY (owner/name the releases live in), RUNNER_OS,
#          RUNNER_ARCH, RUNNER_TEMP, GITHUB_PATH
# run      INPUT_COMMAND, INPUT_ARGS (split on whitespace), INPUT_FAIL_ON,
#          INPUT_COMMENT, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH,
#          GITHUB_REPOSITORY, RUNNER_TEMP
# finish   PARITY_EXIT_CODE: fails the step as parity exited
set -euo pipefail

# The hidden marker `parity diff --format markdown` starts its comment with.
MARKER='<!-- parity-diff -->'

log() { printf '%s\n' "$*" >&2; }

output() { printf '%s=%s\n' "$1" "$2" >>"$GITHUB_OUTPUT"; }

# The release target of this runner: static musl on Linux x86_64.
target_triple() {
  case "${RUNNER_OS}/${RUNNER_ARCH}" in
    Linux/X64) echo x86_64-unknown-linux-musl ;;
    Linux/ARM64) echo aarch64-unknown-linux-gnu ;;
    macOS/X64) echo x86_64-apple-darwin ;;
    macOS/ARM64) echo aarch64-apple-darwin ;;
    Windows/X64) echo x86_64-pc-windows-msvc ;;
    *) return 1 ;;
  esac
}

sha256_of() {
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

# Downloads the release archive and its checksum with gh, verifies, unpacks
# into $1; fails (for the cargo fallback) on any step.
install_release() {
  local bin=$1 target tag archive work expected actual
  target=$(target_triple) || { log "no release build for ${RUNNER_OS}/${RUNNER_ARCH}"; return 1; }
  tag=$PARITY_VERSION
  if [ "$tag" = latest ]; then
    tag=$(gh release view --repo "$PARITY_REPOSITORY" --json tagName --jq .tagName) || return 1
  fi
  case "$target" in *windows*) archive="parity-$tag-$target.zip" ;; *) archive="parity-$tag-$target.tar.gz" ;; esac
  work=$(mktemp -d "${RUNNER_TEMP:-/tmp}/parity-download.XXXXXX")
  gh release download "$tag" --repo "$PARITY_REPOSITORY" --dir "$work" \
    --pattern "$archive" --pattern "$archive.sha256" || return 1
  expected=$(cut -d' ' -f1 <"$work/$archive.sha256")
  actual=$(sha256_of "$work/$archive")
  if [ "$expected" != "$actual" ]; then
    log "checksum mismatch for $archive: expected $expected, got $actual"
    return 1
  fi
  case "$archive" in
    *.zip) unzip -q -o "$work/$archive" -d "$work/unpacked" ;;
    *) mkdir -p "$work/unpacked" && tar -xzf "$work/$archive" -C "$work/unpacked" ;;
  esac
  find "$work/unpacked" -type f \( -name parity -o -name parity.exe \) -exec cp {} "$bin/" \;
  [ -e "$bin/parity" ] || [ -e "$bin/parity.exe" ]
}

install() {
  # cargo install --root DIR puts the binary in DIR/bin: both ways end there.
  local root="${RUNNER_TEMP:-/tmp}/parity" bin="${RUNNER_TEMP:-/tmp}/parity/bin"
  mkdir -p "$bin"
  if install_release "$bin"; then
    log "installed parity $PARITY_VERSION from the release of $PARITY_REPOSITORY"
  else
    log "no verified release binary: building with cargo install --locked"
    local version=()
    [ "$PARITY_VERSION" != latest ] && version=(--version "${PARITY_VERSION#v}")
    cargo install --locked --root "$root" "${version[@]}" parity-audit
  fi
  echo "$bin" >>"$GITHUB_PATH"
}

# Annotations from the SARIF results (escaped as workflow commands want).
annotate() {
  jq -r '
    def data: gsub("%"; "%25") | gsub("\r"; "%0D") | gsub("\n"; "%0A");
    def prop: data | gsub(":"; "%3A") | gsub(","; "%2C");
    .runs[0].results[] |
    (if .level == "note" then "notice" else .level end) as $kind |
    (.locations[0].physicalLocation // null) as $at |
    "::\($kind) " +
    (if $at then "file=\($at.artifactLocation.uri | prop),line=\($at.region.startLine // 1),col=\($at.region.startColumn // 1)," else "" end) +
    "title=\(.ruleId | prop)::\(.message.text | data)"' "$1"
}

# The step summary: counts, then a row per result.
summarize() {
  local report=$1 code=$2
  {
    printf '## parity %s\n\n' "$INPUT_COMMAND"
    jq -r --arg code "$code" '
      [.runs[0].results[].level] as $levels |
      def n($l): [$levels[] | select(. == $l)] | length;
      "exit code \($code): \(n("error")) errors, \(n("warning")) warnings, \(n("note")) notes\n"' "$report"
    jq -r '
      def cell: gsub("\\|"; "\\|") | gsub("\n"; " ");
      if (.runs[0].results | length) > 0 then
        "| level | code | where | message |\n| --- | --- | --- | --- |",
        (.runs[0].results[:100][] |
          (.locations[0].physicalLocation // null) as $at |
          "| \(.level) | `\(.ruleId)` | \(if $at then "\($at.artifactLocation.uri):\($at.region.startLine // 1)" else "" end) | \(.message.text | split("\n")[0] | cell) |")
      else empty end' "$report"
  } >>"$GITHUB_STEP_SUMMARY"
}

# Posts the diff's Markdown on the pull request, or updates the comment that
# carries the marker, so a pull request has one parity comment, kept current.
comment() {
  local number body existing
  number=$(jq -r '.pull_request.number // .issue.number // empty' "$GITHUB_EVENT_PATH")
  if [ -z "$number" ]; then
    log "comment: not a pull request event; no comment"
    return 0
  fi
  body="${RUNNER_TEMP:-/tmp}/parity-comment.md"
  parity diff "${ARGS[@]}" --format markdown --fail-on never >"$body"
  existing=$(gh api "repos/$GITHUB_REPOSITORY/issues/$number/comments" --paginate \
    --jq ".[] | select(.body | contains(\"$MARKER\")) | .id" | awk 'NR == 1')
  if [ -n "$existing" ]; then
    gh api --method PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$existing" -F "body=@$body" >/dev/null
    output comment-id "$existing"
  else
    existing=$(gh api --method POST "repos/$GITHUB_REPOSITORY/issues/$number/comments" -F "body=@$body" --jq .id)
    output comment-id "$existing"
  fi
}

run() {
  case "$INPUT_COMMAND" in
    check | validate | diff | scan) ;;
    *)
      echo "::error title=parity::command must be check, validate, diff or scan, not \`$INPUT_COMMAND\`"
      output exit-code 2
      return 0
      ;;
  esac
  read -r -a ARGS <<<"${INPUT_ARGS:-}"
  local report="${RUNNER_TEMP:-/tmp}/parity-$INPUT_COMMAND.sarif" code=0 command
  command=(parity "$INPUT_COMMAND" "${ARGS[@]}")
  [ -n "${INPUT_FAIL_ON:-}" ] && command+=(--fail-on "$INPUT_FAIL_ON")
  command+=(--format sarif)
  log "+ ${command[*]}"
  "${command[@]}" >"$report" || code=$?
  output exit-code "$code"
  output report-path "$report"
  if [ "$code" -ge 2 ] || ! jq -e .runs "$report" >/dev/null 2>&1; then
    printf '## parity %s\n\nparity exited %s: the input could not be read (see the log).\n' \
      "$INPUT_COMMAND" "$code" >>"$GITHUB_STEP_SUMMARY"
    return 0
  fi
  for level in error warning note; do
    output "${level}s" "$(jq --arg l "$level" '[.runs[0].results[] | select(.level == $l)] | length' "$report")"
  done
  annotate "$report"
  summarize "$report" "$code"
  if [ "${INPUT_COMMENT:-false}" = true ]; then
    if [ "$INPUT_COMMAND" = diff ]; then comment; else log "comment: only \`diff\` writes a comment"; fi
  fi
}

case "${1:-}" in
  install) install ;;
  run) run ;;
  finish) exit "${PARITY_EXIT_CODE:-2}" ;;
  *)
    log "usage: action.sh install|run|finish"
    exit 2
    ;;
esac

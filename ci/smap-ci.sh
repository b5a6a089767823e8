#!/bin/sh
# smap-ci.sh: the steps of CI for a repository that keeps a process map.
#
# Copy this file into the map's repository as ci/smap-ci.sh. Both ready
# workflows (ci/github/smap.yml for GitHub Actions, ci/gitlab/.gitlab-ci.yml
# for GitLab CI) call it, so the logic is written once; smap's own tests run
# it in a temporary repository (Tests/Workflow/test_workflow.py). See
# docs/ci.md. Run it from the repository's top folder:
#
#   sh ci/smap-ci.sh install       build smap at the pinned version (or take it from the cache)
#   sh ci/smap-ci.sh check [FILE…] smap check, then smap fmt --check
#   sh ci/smap-ci.sh diff BASE     what the change means: BASE's map against this one (Markdown)
#   sh ci/smap-ci.sh build [DIR]   build the web map into DIR (default: site)
#
# Settings (environment variables):
#   SMAP_MAP           the map file, from the top folder (default: karta.smap)
#   SMAP_REPO          install: where smap's source is (a git URL or a folder)
#   SMAP_REF           install: the tag or full commit id of smap to build
#   SMAP_HOME          install: where smap goes (default: .smap-tool); cache this folder
#   SMAP               a smap program to use; install then builds nothing
#   SMAP_CHECK_FORMAT  check: human, github or json (default: github in GitHub Actions, else human)
#   SMAP_STRICT        check: 1 makes warnings fail the check too
#   SMAP_DIFF_FILE     diff: also write the Markdown to this file
#   SMAP_GITLAB_TOKEN  diff in a GitLab merge request: post the Markdown as a comment
#   SMAP_SITE          build: the folder (default: site)
#
# Exit codes: 0 done; 1 the map has a problem (errors, layout, cannot be
# compared or built); 2 a set-up problem (a setting, a missing tool, git).
set -eu

me=smap-ci

say() { printf '%s: %s\n' "$me" "$*"; }
warn() { printf '%s: %s\n' "$me" "$*" >&2; }
die() { code=$1; shift; warn "$*"; exit "$code"; }

usage() {
  sed -n '/^#   sh ci/s/^#   //p' "$0"
}

map=${SMAP_MAP:-karta.smap}
home=${SMAP_HOME:-.smap-tool}
case "$home" in /*) ;; *) home="$PWD/$home" ;; esac

in_github() { [ "${GITHUB_ACTIONS:-}" = true ]; }

# Temporary files live in one folder, removed on exit.
work=
cleanup() { [ -z "$work" ] || rm -rf "$work"; }
trap cleanup EXIT
trap 'exit 2' INT TERM HUP
make_work() {
  [ -n "$work" ] || work=$(mktemp -d "${TMPDIR:-/tmp}/smap-ci.XXXXXX")
}

# The smap program: $SMAP, else the one install put in SMAP_HOME, else smap on PATH.
find_smap() {
  if [ -n "${SMAP:-}" ]; then
    smap=$SMAP
  elif [ -x "$home/bin/smap" ]; then
    smap=$home/bin/smap
  elif command -v smap >/dev/null 2>&1; then
    smap=smap
  else
    die 2 "smap is not installed: run 'sh ci/smap-ci.sh install' first"
  fi
  "$smap" --version >/dev/null 2>&1 || die 2 "'$smap' does not run (set SMAP to a smap program, or run install)"
}

need_map() {
  for f in "$@"; do
    [ -f "$f" ] || die 2 "the map file '$f' does not exist; set SMAP_MAP to the map's path (from the repository's top folder)"
  done
}

need_tool() {
  command -v "$1" >/dev/null 2>&1 || die 2 "'$1' is needed and was not found"
}

# --- install -----------------------------------------------------------------

add_to_path() {
  if [ -n "${GITHUB_PATH:-}" ]; then
    printf '%s\n' "$home/bin" >>"$GITHUB_PATH"
  fi
}

cmd_install() {
  [ $# -eq 0 ] || die 2 "install takes no arguments (the version is SMAP_REF)"
  if [ -n "${SMAP:-}" ]; then
    find_smap
    say "using SMAP=$smap ($("$smap" --version)); nothing to build"
    return 0
  fi
  ref=${SMAP_REF:-}
  [ -n "$ref" ] || die 2 "SMAP_REF is not set: set it to the smap tag or commit id to build"
  if [ -x "$home/bin/smap" ] && [ "$(cat "$home/ref" 2>/dev/null || true)" = "$ref" ] \
     && "$home/bin/smap" --version >/dev/null 2>&1; then
    say "smap $ref is already in $home (from the cache): $("$home/bin/smap" --version)"
    add_to_path
    return 0
  fi
  repo=${SMAP_REPO:-}
  [ -n "$repo" ] || die 2 "SMAP_REPO is not set: set it to the address of smap's git repository"
  case "$repo" in
    *CHANGE-ME*) die 2 "SMAP_REPO is still '$repo': put the address of smap's git repository there" ;;
  esac
  need_tool git
  make_work
  src=$work/src
  say "fetching smap $ref from $repo"
  git -c init.defaultBranch=main init -q "$src"
  if git -C "$src" fetch -q --depth 1 "$repo" "$ref" 2>"$work/fetch.log"; then
    git -C "$src" -c advice.detachedHead=false checkout -q FETCH_HEAD
  else
    # Not every server hands out a commit by its id: fetch everything.
    rm -rf "$src"
    if ! git clone -q --no-checkout "$repo" "$src" 2>>"$work/fetch.log" \
       || ! git -C "$src" -c advice.detachedHead=false checkout -q "$ref^{commit}" 2>>"$work/fetch.log"; then
      cat "$work/fetch.log" >&2
      die 2 "cannot fetch smap '$ref' from $repo"
    fi
  fi
  commit=$(git -C "$src" rev-parse HEAD)
  case "$ref" in
    *[!0-9a-f]*) ;;
    *) if [ ${#ref} -eq 40 ] && [ "$commit" != "$ref" ]; then
         die 2 "asked for commit $ref, got $commit"
       fi ;;
  esac
  say "building smap $ref (commit $commit); the first build takes a few minutes"
  prefix=$work/prefix
  if [ -f "$src/scripts/install" ]; then
    # (PATH: so that it does not suggest adding its temporary folder to PATH.)
    PATH="$prefix/bin:$PATH" sh "$src/scripts/install" "$prefix" || die 1 "building smap failed (see above)"
  else
    # Versions of smap before scripts/install existed.
    need_tool swift
    (cd "$src" && swift build -c release --product smap) || die 1 "building smap failed (see above)"
    built=$(cd "$src" && swift build -c release --show-bin-path)
    mkdir -p "$prefix/bin"
    cp "$built/smap" "$prefix/bin/smap"
  fi
  "$prefix/bin/smap" --version >/dev/null 2>&1 || die 1 "the smap that was built does not run"
  # Only smap's own files in SMAP_HOME are replaced; nothing else there is removed.
  mkdir -p "$home/bin" || die 2 "cannot make $home/bin"
  cp "$prefix/bin/smap" "$home/bin/.smap.new"
  chmod 755 "$home/bin/.smap.new"
  mv -f "$home/bin/.smap.new" "$home/bin/smap"
  printf '%s\n' "$ref" >"$home/ref"
  printf '%s\n' "$commit" >"$home/commit"
  add_to_path
  say "installed $("$home/bin/smap" --version) in $home/bin"
}

# --- check -------------------------------------------------------------------

cmd_check() {
  if [ $# -eq 0 ]; then set -- "$map"; explicit=no; else explicit=yes; fi
  need_map "$@"
  find_smap
  format=${SMAP_CHECK_FORMAT:-}
  if [ -z "$format" ]; then
    if in_github; then format=github; else format=human; fi
  fi
  strict=
  [ "${SMAP_STRICT:-}" != 1 ] || strict=--strict
  status=0

  say "smap check $*"
  rc=0
  "$smap" check --format "$format" $strict "$@" || rc=$?
  if [ "$rc" -ne 0 ] && [ "$format" != human ]; then
    # The annotations are for the pull request; the log gets the full text too.
    "$smap" check $strict "$@" || true
  fi
  if [ "$rc" -eq 1 ]; then
    warn "the map has problems (see above): fix them and push again"
    status=1
  elif [ "$rc" -ne 0 ]; then
    die 2 "smap check could not run (exit $rc)"
  fi

  # Layout: the given files, or every .smap file in the repository (included parts too).
  make_work
  if [ "$explicit" = yes ]; then
    for f in "$@"; do printf '%s\n' "$f"; done >"$work/fmt-files"
  elif git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -- '*.smap' >"$work/fmt-files"
    [ -s "$work/fmt-files" ] || printf '%s\n' "$map" >"$work/fmt-files"
  else
    printf '%s\n' "$map" >"$work/fmt-files"
  fi
  say "smap fmt --check ($(wc -l <"$work/fmt-files" | tr -d ' ') files)"
  unformatted=0
  while IFS= read -r f; do
    rc=0
    "$smap" fmt --check "$f" </dev/null || rc=$?
    if [ "$rc" -eq 1 ]; then
      unformatted=$((unformatted + 1))
      if [ "$format" = github ]; then
        printf '::error file=%s,title=smap fmt::%s\n' "$f" "This file does not have smap's layout. Run: smap fmt -w $f"
      fi
      warn "to fix the layout of $f, run: smap fmt -w $f"
    elif [ "$rc" -ne 0 ]; then
      die 2 "smap fmt could not run on $f (exit $rc)"
    fi
  done <"$work/fmt-files"
  [ "$unformatted" -eq 0 ] || status=1

  if [ "$status" -eq 0 ]; then say "check passed"; fi
  return "$status"
}

# --- diff --------------------------------------------------------------------

# Replaces every FROM in standard input by TO (literally, no patterns).
replace() {
  FROM=$1 TO=$2 awk '{
    out = ""
    while ((i = index($0, ENVIRON["FROM"])) > 0) {
      out = out substr($0, 1, i - 1) ENVIRON["TO"]
      $0 = substr($0, i + length(ENVIRON["FROM"]))
    }
    print out $0
  }'
}

# Writes the Markdown in $1 to the places that show it.
publish_diff() {
  cat "$1"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    { cat "$1"; printf '\n'; } >>"$GITHUB_STEP_SUMMARY"
  fi
  if [ -n "${SMAP_DIFF_FILE:-}" ]; then
    cp "$1" "$SMAP_DIFF_FILE"
  fi
  if [ -n "${SMAP_GITLAB_TOKEN:-}" ] && [ -n "${CI_MERGE_REQUEST_IID:-}" ]; then
    post_gitlab_note "$1"
  fi
}

post_gitlab_note() {
  if ! command -v curl >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    # The swift images have no curl.
    say "installing curl to post the comment"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq curl; } >/dev/null 2>&1 || true
  fi
  if ! command -v curl >/dev/null 2>&1; then
    warn "curl is missing: the comment on the merge request was not posted"
    return 0
  fi
  url="${CI_API_V4_URL:-}/projects/${CI_PROJECT_ID:-}/merge_requests/$CI_MERGE_REQUEST_IID/notes"
  if curl --fail --silent --show-error --output /dev/null -X POST \
       -H "PRIVATE-TOKEN: $SMAP_GITLAB_TOKEN" --data-urlencode "body@$1" "$url"; then
    say "posted the changes as a comment on merge request !$CI_MERGE_REQUEST_IID"
  else
    warn "could not post the comment on the merge request (the diff is in the job log and artifact)"
  fi
}

cmd_diff() {
  [ $# -ge 1 ] && [ $# -le 2 ] || die 2 "usage: sh ci/smap-ci.sh diff BASE [FILE] (BASE: a branch such as origin/main, or a commit)"
  base=$1
  [ $# -lt 2 ] || map=$2
  need_map "$map"
  need_tool git
  find_smap
  top=$(git rev-parse --show-toplevel 2>/dev/null) || die 2 "diff needs a git repository"
  if ! git rev-parse -q --verify "$base^{commit}" >/dev/null; then
    # A shallow clone may not have the base yet.
    say "fetching $base"
    case "$base" in
      origin/*) git fetch -q --no-tags origin "+refs/heads/${base#origin/}:refs/remotes/$base" || true ;;
      *) git fetch -q --no-tags origin "$base" || true ;;
    esac
    git rev-parse -q --verify "$base^{commit}" >/dev/null \
      || die 2 "cannot find '$base' in the repository (fetch it, or check out with its history: fetch-depth 0 / GIT_DEPTH 0)"
  fi
  label=$base
  case "$base" in
    *[!0-9a-f]*) ;;
    *) [ ${#base} -lt 40 ] || label=$(git rev-parse --short=12 "$base") ;;
  esac
  # The map's path from the top folder, as git names it.
  rel=$(git rev-parse --show-prefix)$map
  rel=$(printf '%s\n' "$rel" | sed -e 's#/\./#/#g' -e 's#^\./##')
  make_work
  if ! git cat-file -e "$base:$rel" 2>/dev/null; then
    printf '### %s\n\n`%s` does not exist in `%s`: the whole map is new.\n' \
      "The map is new" "$rel" "$label" >"$work/diff.md"
    publish_diff "$work/diff.md"
    return 0
  fi
  # The base version of the map's folder (the map and the files it includes;
  # includes cannot leave it), so changes in included files show too.
  dir=$(dirname "$rel")
  mkdir -p "$work/base"
  git -C "$top" archive --format=tar -o "$work/base.tar" "$base" -- "$dir" \
    || die 2 "cannot read '$dir' from '$base'"
  tar -xf "$work/base.tar" -C "$work/base"
  rc=0
  "$smap" diff --format markdown "$work/base/$rel" "$map" >"$work/raw.md" 2>"$work/err.txt" || rc=$?
  replace "$work/base/" "$label:" <"$work/err.txt" >&2
  case "$rc" in
    0|1)
      # Exit 1 only says that the versions differ.
      replace "$work/base/" "$label:" <"$work/raw.md" >"$work/diff.md"
      publish_diff "$work/diff.md"
      ;;
    *)
      printf '### %s\n\n%s\n' "The change could not be compared" \
        "One of the versions of \`$rel\` could not be read (see the job's log; the check step names the problem)." \
        >"$work/diff.md"
      publish_diff "$work/diff.md" >/dev/null
      die 1 "smap diff could not compare '$label:$rel' with '$map' (exit $rc)"
      ;;
  esac
}

# --- build -------------------------------------------------------------------

cmd_build() {
  [ $# -le 1 ] || die 2 "usage: sh ci/smap-ci.sh build [DIR]"
  dir=${1:-${SMAP_SITE:-site}}
  need_map "$map"
  find_smap
  say "smap build $map -o $dir"
  rc=0
  "$smap" build "$map" -o "$dir" || rc=$?
  case "$rc" in
    0) ;;
    1) die 1 "the map has errors, so the site was not built (see above)" ;;
    *) die 2 "smap build could not write the site (exit $rc)" ;;
  esac
  for f in index.html map.json; do
    [ -s "$dir/$f" ] || die 1 "smap build did not write $dir/$f"
  done
  say "the web map is in $dir/ (open $dir/index.html)"
}

# --- main --------------------------------------------------------------------

[ $# -ge 1 ] || { usage >&2; exit 2; }
command=$1
shift
case "$command" in
  install) cmd_install "$@" ;;
  check) cmd_check "$@" ;;
  diff) cmd_diff "$@" ;;
  build) cmd_build "$@" ;;
  -h|--help|help) usage ;;
  *) warn "unknown step '$command'"; usage >&2; exit 2 ;;
esac

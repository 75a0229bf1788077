#!/usr/bin/env bash
# The Debian package, end to end (ctest DebianPackage): CPack packages the build that ctest
# runs in (nothing is compiled: packaging/CMakeLists.txt), `dpkg-deb -x` unpacks it into a
# scratch root, and the programs there run: --version, and an index and a search of the seed
# article. Also checks the package's dependencies and that it holds the man pages and the
# bash and zsh completions of every program. Exits 77 (a ctest skip) when cpack, dpkg-deb,
# dpkg-shlibdeps or file is missing. Runs lintian when it is installed.
# Environment: NEWS_BUILD_DIR (the CMake build folder to package).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${NEWS_BUILD_DIR:?NEWS_BUILD_DIR: the build folder to package}

for tool in cpack dpkg-deb dpkg-shlibdeps file; do
  if ! command -v "$tool" >/dev/null; then
    echo "skipped: $tool not found (Debian: scripts/deps.sh installs dpkg-dev and file)"
    exit 77
  fi
done

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
status=0
fail() { echo "FAIL $*" >&2; status=1; }

# -B: the package and CPack's staging area go to the scratch folder, not the build folder.
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$scratch/out" >"$scratch/cpack.log" 2>&1 ||
  { cat "$scratch/cpack.log" >&2; echo "FAIL cpack" >&2; exit 1; }
debs=("$scratch"/out/news-search_*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { echo "FAIL no single .deb in $scratch/out" >&2; exit 1; }
deb=${debs[0]}
echo "built $(basename "$deb")"

# Dependencies: the Debian runtime packages of every library the programs link.
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for package in libxapian30 libzstd1 libboost-program-options libcsv3 libgumbo1 libreadline8 libc6 libstdc++6; do
  [[ $depends == *"$package"* ]] || fail "Depends lacks $package"
done

# Debian's own checks, where lintian is installed (it is not required to build): errors and
# warnings fail the test (the copyright file and changelog.gz are there for them).
if command -v lintian >/dev/null; then
  lintian --fail-on error,warning "$deb" >"$scratch/lintian.log" 2>&1 || { cat "$scratch/lintian.log" >&2; fail "lintian"; }
fi

dpkg-deb -x "$deb" "$scratch/root"
usr=$scratch/root/usr
for program in news-indexer news-searcher news-evaluate news-serve; do
  [ -x "$usr/bin/$program" ] || fail "no executable usr/bin/$program"
  [ -s "$usr/share/man/man1/$program.1.gz" ] || fail "no man page usr/share/man/man1/$program.1.gz"
  gzip -t "$usr/share/man/man1/$program.1.gz" 2>/dev/null || fail "$program.1.gz is not gzip"
  [ -s "$usr/share/bash-completion/completions/$program" ] || fail "no bash completion for $program"
  [ -s "$usr/share/zsh/vendor-completions/_$program" ] || fail "no zsh completion for $program"
done
for doc in README.md install.md scaling.md copyright changelog.gz; do
  [ -s "$usr/share/doc/news-search/$doc" ] || fail "no usr/share/doc/news-search/$doc"
done
# The build-tree names must not leak into the package.
for program in indexer searcher evaluate; do
  [ ! -e "$usr/bin/$program" ] || fail "usr/bin/$program: installed under its build name"
done

# --version from the scratch root: the package's version, under the installed name.
version=$(dpkg-deb -f "$deb" Version)
out=$("$usr/bin/news-searcher" --version) || fail "news-searcher --version exited $?"
echo "$out"
[[ $out == "news-searcher (news-search) $version"$'\n'"revision "*$'\n'"Xapian "*", zstd "* ]] ||
  fail "news-searcher --version: unexpected output"
out=$("$usr/bin/news-serve" --version) || fail "news-serve --version exited $?"
[[ $out == "news-serve (news-search) $version"* ]] || fail "news-serve --version: '$out'"

# The unpacked programs index and search.
"$usr/bin/news-indexer" --quiet --db "$scratch/db" "$root/corpus/seed" || fail "news-indexer exited $?"
hit=$("$usr/bin/news-searcher" --db "$scratch/db" --format tsv -n 1 cyber dialogue China | sed -n 2p | cut -f2)
[ "$hit" = thehill-xi-cyber-dialogue ] || fail "news-searcher: top hit '$hit', expected thehill-xi-cyber-dialogue"

[ $status -eq 0 ] && echo "ok   the package installs into a scratch root and its programs run"
exit $status

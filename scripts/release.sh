#!/usr/bin/env bash
# Builds chatgov's release: static binaries (CGO_ENABLED=0) for linux and
# darwin on amd64 and arm64, each in a tarball with LICENSE, NOTICE and
# README.md, and SHA256SUMS over the tarballs, into dist/ (git-ignored).
#
#   scripts/release.sh                # version from git describe
#   VERSION=v1.2.0 scripts/release.sh
#   TARGETS="linux/amd64" scripts/release.sh
#
# The version and commit are linked into the binary (chatgov version). The
# script then runs the binary built for this machine, if it built one, and
# checks that it reports them.
set -euo pipefail
cd "$(dirname "$0")/.."

commit="${COMMIT:-$(git rev-parse HEAD 2>/dev/null || echo unknown)}"
if [ -z "${VERSION:-}" ]; then
  VERSION="$(git describe --tags --always --dirty 2>/dev/null || echo devel)"
  case "$VERSION" in v*) ;; *) VERSION="v0.0.0-$VERSION" ;; esac
fi
targets="${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64}"
pkg=github.com/chatgov/chatgov/internal/cli
ldflags="-s -w -X $pkg.version=$VERSION -X $pkg.commit=$commit"

rm -rf dist
mkdir -p dist
for target in $targets; do
  goos="${target%/*}" goarch="${target#*/}"
  name="chatgov_${VERSION}_${goos}_${goarch}"
  echo "== $name"
  mkdir -p "dist/$name"
  CGO_ENABLED=0 GOOS="$goos" GOARCH="$goarch" \
    go build -trimpath -ldflags "$ldflags" -o "dist/$name/chatgov" ./cmd/chatgov
  cp LICENSE NOTICE README.md "dist/$name/"
  # Reproducible tarballs: fixed owner, order and times.
  tar -C dist --sort=name --owner=0 --group=0 --numeric-owner --mtime='2000-01-01 00:00Z' \
    -czf "dist/$name.tar.gz" "$name"
  rm -rf "dist/${name:?}"
done

(cd dist && sha256sum -- *.tar.gz >SHA256SUMS)
cat dist/SHA256SUMS

host="$(go env GOOS)_$(go env GOARCH)"
if [ -f "dist/chatgov_${VERSION}_${host}.tar.gz" ]; then
  check="$(mktemp -d)"
  trap 'rm -rf "$check"' EXIT
  tar -C "$check" -xzf "dist/chatgov_${VERSION}_${host}.tar.gz"
  got="$("$check/chatgov_${VERSION}_${host}/chatgov" --version)"
  echo "$got"
  case "$got" in
    "chatgov $VERSION (commit ${commit:0:12},"*) ;;
    *) echo "release.sh: the binary reports \"$got\", not version $VERSION at commit $commit" >&2; exit 1 ;;
  esac
  if go version -m "$check/chatgov_${VERSION}_${host}/chatgov" | grep -q 'CGO_ENABLED=1'; then
    echo "release.sh: the binary was built with cgo; a release is static" >&2
    exit 1
  fi
fi

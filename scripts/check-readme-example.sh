#!/bin/sh
# Pastes the README's Swift example into a fresh package that depends on this checkout by path, builds it and runs it
# twice against a store under a temporary directory whose parents do not exist yet (issue 13 item 7).
# Usage: scripts/check-readme-example.sh   (from anywhere; takes a few minutes: it builds Clientele from scratch)
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# SwiftPM names a path dependency after its directory: link the checkout as "clientele", as the README assumes.
ln -s "$repo" "$work/clientele"
mkdir -p "$work/shop/Sources/Shop"
cat > "$work/shop/Package.swift" <<'MANIFEST'
// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "shop",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "../clientele")],
    targets: [.executableTarget(name: "Shop", dependencies: [.product(name: "Clientele", package: "clientele")])]
)
MANIFEST
store="$work/var/lib/shop/clientele"
# The second ```swift block of the README is the example; only its store path is changed.
awk '/^```swift$/ { n++; inside = (n == 2); next } /^```$/ { inside = 0 } inside' "$repo/README.md" \
  | sed "s|/var/lib/shop/clientele|$store|" > "$work/shop/Sources/Shop/main.swift"
grep -q "import Clientele" "$work/shop/Sources/Shop/main.swift"
cd "$work/shop"
swift build -q
first=$(swift run -q --skip-build Shop)
second=$(swift run -q --skip-build Shop)
mode=$(stat -c %a "$work/var/lib/shop")
echo "first run: $first; second run: $second; mode of a created parent: $mode"
[ "$first" = 1 ] && [ "$second" = 1 ] && [ "$mode" = 700 ] || { echo "README example check FAILED"; exit 1; }
echo "README example check passed"

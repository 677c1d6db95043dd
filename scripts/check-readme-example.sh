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
# The second and third ```swift blocks of the README are the examples (synchronous, then async, in one program:
# imports first); only the store path is changed.
awk '/^```swift$/ { n++; inside = (n == 2 || n == 3); next } /^```$/ { inside = 0 } inside' "$repo/README.md" \
  | sed "s|/var/lib/shop/clientele|$store|" > "$work/example.swift"
{ grep '^import ' "$work/example.swift"; grep -v '^import ' "$work/example.swift"; } > "$work/shop/Sources/Shop/main.swift"
grep -q "import Clientele" "$work/shop/Sources/Shop/main.swift"
cd "$work/shop"
swift build -q
first=$(swift run -q --skip-build Shop | head -n 1)
second=$(swift run -q --skip-build Shop | head -n 1)
mode=$(stat -c %a "$work/var/lib/shop")
echo "first run: $first; second run: $second; mode of a created parent: $mode"
# Run 1 prints 1 (o-1001; o-1002 is recorded after the print); run 2 prints 2: both orders, each retry a duplicate.
[ "$first" = 1 ] && [ "$second" = 2 ] && [ "$mode" = 700 ] || { echo "README example check FAILED"; exit 1; }
echo "README example check passed"

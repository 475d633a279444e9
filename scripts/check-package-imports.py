#!/usr/bin/env python3
"""Checks that Package.swift declares exactly what each target imports: every module a
target's sources import is one of its dependencies (not reached through another target),
and every dependency is imported. Run by scripts/lint.sh; exits 1 naming each mismatch."""
import json
import os
import re
import subprocess
import sys

# Modules of the toolchain and platform; `System` is Darwin's (CommandRunner imports it
# under `#if canImport(System)`, SystemPackage elsewhere).
PLATFORM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Glibc", "Musl",
            "Darwin", "Testing", "XCTest", "Synchronization", "_Concurrency", "System", "os"}
# Products whose module is named differently from the product.
PRODUCT_MODULES = {"_NIOFileSystem": {"_NIOFileSystem", "NIOFileSystem"}}
# An import statement (possibly indented under `#if`); multi-line string literals, which may
# hold embedded scripts with imports of their own, are removed before matching.
IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private)\s+)?"
                    r"import\s+(?:(?:struct|enum|class|func|protocol|typealias|var|let)\s+)?(\w+)", re.M)

# A multi-line string literal (raw ones closed by as many `#` as opened them), a line comment,
# or a block comment.
NOT_CODE = re.compile(r'(#*)"""[\s\S]*?"""\1|//[^\n]*|/\*[\s\S]*?\*/')


def main() -> int:
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    os.chdir(root)
    dump = subprocess.run(["swift", "package", "dump-package"], capture_output=True, text=True, check=True)
    package = json.loads(dump.stdout)
    problems = []
    for target in package["targets"]:
        name = target["name"]
        path = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + name
        declared = {}
        for dependency in target["dependencies"]:
            for kind in ("byName", "product", "target"):
                if kind in dependency:
                    product = dependency[kind][0]
                    declared[product] = PRODUCT_MODULES.get(product, {product})
        # Excluded files and resource folders are not compiled.
        skipped = {os.path.normpath(os.path.join(path, entry)) for entry in target.get("exclude", [])}
        for resource in target.get("resources", []):
            skipped.add(os.path.normpath(os.path.join(path, resource["path"])))
        imported = set()
        for directory, subdirectories, files in os.walk(path):
            subdirectories[:] = [d for d in subdirectories if os.path.normpath(os.path.join(directory, d)) not in skipped]
            for file in files:
                if file.endswith(".swift") and os.path.normpath(os.path.join(directory, file)) not in skipped:
                    with open(os.path.join(directory, file), encoding="utf-8") as source:
                        imported.update(IMPORT.findall(NOT_CODE.sub("", source.read())))
        imported -= PLATFORM | {name}
        provided = set().union(*declared.values()) if declared else set()
        missing = sorted(imported - provided)
        unused = sorted(product for product, modules in declared.items() if not modules & imported)
        if missing:
            problems.append(f"Package.swift: target {name} imports {', '.join(missing)} without declaring it")
        if unused:
            problems.append(f"Package.swift: target {name} declares {', '.join(unused)} but does not import it")
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print(f"Package.swift: the dependencies of all {len(package['targets'])} targets are exactly what they import")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

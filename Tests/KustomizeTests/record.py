#!/usr/bin/env python3
"""Records what `kubectl kustomize` makes of each differential case.

    python3 Tests/KustomizeTests/record.py            # every case whose inputs changed
    python3 Tests/KustomizeTests/record.py --all      # every case (e.g. after a kubectl upgrade)
    python3 Tests/KustomizeTests/record.py NAME...    # these cases
    python3 Tests/KustomizeTests/record.py NAME:DIR   # a case whose kustomization is Cases/NAME/DIR

A case is a directory under Cases/. The kustomization built is the case directory itself, or,
when it has no kustomization file at its top, the one directory below it that `build` in
Expected/index.json names (ported kustomize tests keep their `app/overlay` layout).
For each case this writes Expected/NAME.yaml (kubectl's output, byte for byte) or
Expected/NAME.refused (kubectl's error, when it refuses the input), and records in
Expected/index.json the kustomize version that answered and a hash of the case's files, so
DifferentialTests compares the native renderer with the stored answer and runs kubectl only
for cases edited since they were recorded (or when the installed kubectl is another version).
"""
import json, os, re, subprocess, sys

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "Cases")
EXPECTED = os.path.join(HERE, "Expected")
INDEX = os.path.join(EXPECTED, "index.json")
KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")


def inputs_hash(directory):
    """FNV-1a 64 over every file below `directory` (paths sorted bytewise): path, NUL, bytes, NUL.
    DifferentialTests computes the same."""
    files = []
    for root, _, names in os.walk(directory):
        for name in names:
            full = os.path.join(root, name)
            files.append((os.path.relpath(full, directory).encode(), full))
    files.sort()
    h = 0xCBF29CE484222325
    for rel, full in files:
        with open(full, "rb") as f:
            data = f.read()
        for chunk in (rel, b"\0", data, b"\0"):
            for byte in chunk:
                h ^= byte
                h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return "%016x" % h


def kustomize_version(kubectl):
    out = subprocess.run([kubectl, "version", "--client"], capture_output=True, text=True).stdout
    match = re.search(r"Kustomize Version: (\S+)", out)
    if not match:
        sys.exit("cannot read the kustomize version of " + kubectl)
    return match.group(1)


def build_path(name, entry):
    directory = os.path.join(CASES, name)
    if any(os.path.exists(os.path.join(directory, f)) for f in KUSTOMIZATION_FILES):
        return ""
    if entry and entry.get("build"):
        return entry["build"]
    candidates = []
    for root, _, names in os.walk(directory):
        if any(f in names for f in KUSTOMIZATION_FILES):
            candidates.append(os.path.relpath(root, directory))
    # By convention the overlay is named `overlay` or `prod`; anything else is named with NAME:DIR.
    for preferred in ("app/overlay", "overlay", "app/prod", "prod", "app"):
        if preferred in candidates:
            return preferred
    sys.exit(f"{name}: no kustomization at the top; set cases.{name}.build in {INDEX}")


def main():
    kubectl = os.environ.get("SWIFTFLUX_KUBECTL", "kubectl")
    version = kustomize_version(kubectl)
    index = {"kustomize": version, "cases": {}}
    if os.path.exists(INDEX):
        with open(INDEX) as f:
            index = json.load(f)
    old_version = index.get("kustomize")
    index["kustomize"] = version
    args = sys.argv[1:]
    everything = "--all" in args or old_version != version
    names = sorted(n for n in os.listdir(CASES) if not n.startswith("."))
    chosen = []
    for arg in (a for a in args if not a.startswith("--")):
        name, _, build = arg.partition(":")
        chosen.append(name)
        if build:
            index["cases"].setdefault(name, {"inputs": ""})["build"] = build
    for gone in set(index["cases"]) - set(names):
        del index["cases"][gone]
        for suffix in (".yaml", ".refused"):
            if os.path.exists(os.path.join(EXPECTED, gone + suffix)):
                os.remove(os.path.join(EXPECTED, gone + suffix))
    recorded = 0
    for name in names:
        entry = index["cases"].get(name)
        digest = inputs_hash(os.path.join(CASES, name))
        if chosen and name not in chosen:
            continue
        if not chosen and not everything and entry and entry.get("inputs") == digest:
            continue
        build = build_path(name, entry)
        target = os.path.join(CASES, name, build)
        result = subprocess.run([kubectl, "kustomize", target], capture_output=True)
        for suffix in (".yaml", ".refused"):
            if os.path.exists(os.path.join(EXPECTED, name + suffix)):
                os.remove(os.path.join(EXPECTED, name + suffix))
        if result.returncode == 0:
            with open(os.path.join(EXPECTED, name + ".yaml"), "wb") as f:
                f.write(result.stdout)
        else:
            message = result.stderr.decode(errors="replace").replace(target, "CASE")
            with open(os.path.join(EXPECTED, name + ".refused"), "w") as f:
                f.write(message)
        index["cases"][name] = {"inputs": digest, **({"build": build} if build else {})}
        recorded += 1
        print(("refused  " if result.returncode else "rendered ") + name)
    with open(INDEX, "w") as f:
        json.dump(index, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"{recorded} recorded with kustomize {version}")


if __name__ == "__main__":
    main()

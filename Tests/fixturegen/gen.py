"""Writes the before/after fixtures of YAMLEditingTests. Run: python3 Tests/fixturegen/gen.py"""
import json, os, shutil, sys
sys.path.insert(0, os.path.dirname(__file__))
from cases1 import cases
import cases2  # noqa: F401  (registers its cases)

root = os.path.join(os.path.dirname(__file__), "..", "YAMLEditingTests", "Fixtures")
for name in os.listdir(root):
    if os.path.isdir(os.path.join(root, name)):
        shutil.rmtree(os.path.join(root, name))
for name, edit, before, after in cases:
    directory = os.path.join(root, name)
    os.makedirs(directory)
    with open(os.path.join(directory, "input.yaml"), "wb") as f:
        f.write(before.encode())
    with open(os.path.join(directory, "expected.yaml"), "wb") as f:
        f.write(after.encode())
    with open(os.path.join(directory, "edit.json"), "w") as f:
        json.dump(edit, f, indent=2, sort_keys=True)
        f.write("\n")
print(len(cases), "cases")

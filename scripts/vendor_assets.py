"""Copy the front-end assets from node_modules/ into src/afgld/web/static/vendor/.

Run by ``make vendor`` after ``npm ci``: package.json and package-lock.json pin the versions;
each package lands in ``vendor/<scope>-<name>-<version>/`` with its package.json, so the path
names the version and a fresh clone serves the editor without npm or any network.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "src" / "afgld" / "web" / "static" / "vendor"

# package name → files to copy, relative to the package folder
ASSETS: dict[str, tuple[str, ...]] = {
    "@zazuko/yasgui": ("build/yasgui.min.js", "build/yasgui.min.css", "package.json"),
    # the network's layout: d3-force and the three modules its UMD bundle reads from window.d3
    "d3-dispatch": ("dist/d3-dispatch.min.js", "package.json", "LICENSE"),
    "d3-quadtree": ("dist/d3-quadtree.min.js", "package.json", "LICENSE"),
    "d3-timer": ("dist/d3-timer.min.js", "package.json", "LICENSE"),
    "d3-force": ("dist/d3-force.min.js", "package.json", "LICENSE"),
}


def folder_name(package: str, version: str) -> str:
    return f"{package.lstrip('@').replace('/', '-')}-{version}"


def vendor(package: str, files: tuple[str, ...]) -> Path:
    source = ROOT / "node_modules" / package
    version = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    target = VENDOR / folder_name(package, version)
    for old in VENDOR.glob(folder_name(package, "*")):
        shutil.rmtree(old)
    target.mkdir(parents=True)
    for name in files:
        shutil.copyfile(source / name, target / Path(name).name)
    return target


def main() -> int:
    for package, files in ASSETS.items():
        print(vendor(package, files).relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())

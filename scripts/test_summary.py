"""The counts of a test run, read from the JUnit XML files that ctest and pytest write.

    python scripts/test_summary.py "C++ (GoogleTest)=build/test-results/cpp.xml" \
                                   "Python (pytest)=build/test-results/python.xml"

prints one line per file: passed, failed (failures and errors), skipped, and for pytest the
expected failures (xfailed). A file that is missing is a suite that did not run. Exits 1 when a
suite failed or did not run, else 0.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path


def counts(path: Path) -> Counter[str]:
    """passed / failed / skipped / xfailed for every test case of one JUnit XML file."""
    out: Counter[str] = Counter(passed=0, failed=0, skipped=0)
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            out["failed"] += 1
        elif (skipped := case.find("skipped")) is not None:
            out["xfailed" if skipped.get("type") == "pytest.xfail" else "skipped"] += 1
        else:
            out["passed"] += 1
    return out


def line(label: str, c: Counter[str]) -> str:
    parts = [f"{c['passed']} passed", f"{c['failed']} failed", f"{c['skipped']} skipped"]
    if c["xfailed"]:
        parts.append(f"{c['xfailed']} xfailed")
    return f"{label}: " + ", ".join(parts)


def main(args: list[str]) -> int:
    ok = True
    print("== summary")
    for arg in args:
        label, _, file = arg.partition("=")
        path = Path(file)
        if not path.is_file():
            print(f"{label}: did not run (no {path})")
            ok = False
            continue
        c = counts(path)
        print(line(label, c))
        ok = ok and c["failed"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

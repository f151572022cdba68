#!/usr/bin/env python3
"""Reads `jfr print --events jdk.ExecutionSample` text on stdin and prints the hottest methods (self time) and call
paths of the samples whose stack holds a frame of one of the given packages (relative to dev.deberta4j), leaving
out samples with a frame matching one of the --skip substrings (e.g. model initialisation).
  jfr-hotspots.py [--skip S]... PACKAGE...
"""
import collections
import re
import sys

args, packages, skip = sys.argv[1:], [], []
while args:
    a = args.pop(0)
    if a == "--skip":
        skip.append(args.pop(0))
    else:
        packages.append(a.rstrip(".") + ".")
if not packages:
    sys.exit("jfr-hotspots.py: name at least one package, e.g. model tensor")
methods, paths, owners, total, frames = collections.Counter(), collections.Counter(), collections.Counter(), 0, []


def done(frames):
    global total
    if not any(f.startswith(tuple(packages)) for f in frames) or any(k in f for f in frames for k in skip):
        return
    total += 1
    methods[frames[0]] += 1
    paths[" <- ".join(frames[:3])] += 1
    # The innermost frame of the first package named: which of its methods the time is spent under.
    owners[next((f for f in frames if f.startswith(packages[0])), "(elsewhere)")] += 1


for line in sys.stdin:
    line = line.strip()
    if line.startswith("jdk.ExecutionSample"):
        done(frames)
        frames = []
    m = re.match(r"^([\w$.]+)\(.*\)\s+line:", line)
    if m:
        frames.append(re.sub(r"^dev\.deberta4j\.", "", m.group(1)))
done(frames)
if total == 0:
    sys.exit("jfr-hotspots.py: no samples in " + ", ".join(packages))
print(f"\n{total} samples in {', '.join(p[:-1] for p in packages)}; hottest methods (self):")
for p, n in methods.most_common(25):
    print(f"{100 * n / total:5.1f}%  {p}")
print("\nhottest call paths (method <- caller <- caller):")
for p, n in paths.most_common(25):
    print(f"{100 * n / total:5.1f}%  {p}")
print(f"\nby innermost {packages[0][:-1]} frame (its own time and all it calls outside {packages[0][:-1]}):")
for p, n in owners.most_common(25):
    print(f"{100 * n / total:5.1f}%  {p}")

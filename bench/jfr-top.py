#!/usr/bin/env python3
"""Hot spots of a JFR recording: the top frames by CPU sample (self, and inclusive over Tessera's own methods) and
by sampled allocation weight (the allocating frame and the nearest io.tessera frame).
Usage: bench/jfr-top.py RECORDING.jfr [N]"""
import collections, json, subprocess, sys

path = sys.argv[1]
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25


def events(kind):
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", kind, path], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out)["recording"]["events"]


def name(frame):
    m = frame["method"]
    return m["type"]["name"].replace("/", ".") + "." + m["name"]


def report(title, counter, total):
    print(f"== {title} (of {total:,})")
    for key, n in counter.most_common(top):
        print(f"{100.0 * n / max(total, 1):6.1f}%  {key}")
    print()


cpu = [e for e in events("jdk.ExecutionSample")]
self_c, incl_c, own_c = collections.Counter(), collections.Counter(), collections.Counter()
for e in cpu:
    frames = [name(f) for f in (e["values"]["stackTrace"] or {}).get("frames", [])]
    if not frames:
        continue
    self_c[frames[0]] += 1
    for f in set(frames):
        incl_c[f] += 1
    own = next((f for f in frames if f.startswith("io.tessera")), None)
    if own:
        own_c[own] += 1
report("CPU samples, self", self_c, len(cpu))
report("CPU samples, nearest io.tessera frame", own_c, len(cpu))
report("CPU samples, inclusive, io.tessera", collections.Counter(
    {k: v for k, v in incl_c.items() if k.startswith("io.tessera")}), len(cpu))

alloc = events("jdk.ObjectAllocationSample")
by_frame, by_own, by_class = collections.Counter(), collections.Counter(), collections.Counter()
total = 0
for e in alloc:
    w = e["values"]["weight"]
    total += w
    frames = [name(f) for f in (e["values"]["stackTrace"] or {}).get("frames", [])]
    by_class[e["values"]["objectClass"]["name"]] += w
    if frames:
        by_frame[frames[0]] += w
    own = next((f for f in frames if f.startswith("io.tessera")), None)
    by_own[own or "(none)"] += w
report("allocation weight (bytes), by class", by_class, total)
report("allocation weight, allocating frame", by_frame, total)
report("allocation weight, nearest io.tessera frame", by_own, total)

#!/usr/bin/env python3
"""Generates plans for scripts/bench-plan-order.sh (deterministic: seeded).

  gen-plan.py plan SERVICES EDGES   a valid lockstep plan: a random DAG, each edge to an earlier service
  gen-plan.py layered SERVICES DEPTH PARALLEL
                                    the release benchmarks' plan (bench-release.sh, bench-pairs.sh): DEPTH
                                    levels, each consumer reads two services of the level below from its
                                    ConfigMap, one checkpoint "go" after deploy; with DEPS_OUT=FILE it also
                                    writes {consumer: [dependencies]} as JSON there
  gen-plan.py big MIB               a syntactically valid plan padded with comments to MIB mebibytes
  gen-plan.py depth LEVELS          a depth bomb: LEVELS nested flow lists inside spec
  gen-plan.py aliases LEVELS        a "billion laughs" alias bomb: each level aliases the previous ten times
"""
import json
import os
import random
import sys


def plan(services, edges):
    rng = random.Random(42)
    out = ["apiVersion: tandem/v1alpha1", "kind: ReleasePlan", "metadata:", "  name: bench",
           "spec:", "  coupling: lockstep", "  services:"]
    deps = [set() for _ in range(services)]
    placed = 0
    while placed < edges:
        consumer = rng.randrange(1, services)
        dependency = rng.randrange(max(0, consumer - 200), consumer)
        if dependency not in deps[consumer]:
            deps[consumer].add(dependency)
            placed += 1
    for i in range(services):
        out.append(f"    - name: svc-{i}")
        out.append(f"      image: registry.example.com/bench/svc-{i}")
        if deps[i]:
            out.append("      dependsOn:")
            for d in sorted(deps[i]):
                out.append(f"        - {{service: svc-{d}, configMap: svc-{i}-config, key: SVC_{d}_HOST}}")
    return "\n".join(out) + "\n"


def layered(services, depth, parallel):
    rng = random.Random(7)
    levels = [[] for _ in range(depth)]
    for i in range(services):
        levels[i * depth // services].append(i)
    deps = {}
    out = ["apiVersion: tandem/v1alpha1", "kind: ReleasePlan", "metadata:", "  name: bench", "spec:",
           "  namespace: bench", "  coupling: lockstep", "  pairing: revision", f"  maxParallel: {parallel}", "  services:"]
    for level, members in enumerate(levels):
        for i in members:
            out += [f"    - name: svc-{i}", f"      image: registry.example.com/bench/svc-{i}"]
            if level > 0:
                picked = rng.sample(levels[level - 1], min(2, len(levels[level - 1])))
                deps[f"svc-{i}"] = [f"svc-{d}" for d in sorted(picked)]
                out.append("      dependsOn:")
                for d in sorted(picked):
                    out += [f"        - service: svc-{d}", f"          configMap: svc-{i}-settings", f"          key: SVC_{d}_HOST"]
    out += ["  checkpoints:", "    - name: go", "      after: deploy"]
    if os.environ.get("DEPS_OUT"):
        with open(os.environ["DEPS_OUT"], "w") as f:
            json.dump(deps, f)
    return "\n".join(out) + "\n"


def big(mib):
    head = plan(2, 1)
    line = "# " + "x" * 1021 + "\n"
    count = (mib * 1024 * 1024) // len(line) + 1
    return head + line * count


def depth(levels):
    return ("apiVersion: tandem/v1alpha1\nkind: ReleasePlan\nmetadata:\n  name: bomb\nspec:\n  services: "
            + "[" * levels + "]" * levels + "\n")


def aliases(levels):
    out = ["apiVersion: tandem/v1alpha1", "kind: ReleasePlan", "metadata:", "  name: bomb", "spec:",
           "  services:", "    - name: a", "      image: x", "      verify:", "        l0: &l0 [lol]"]
    for level in range(1, levels + 1):
        out.append(f"        l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    kind, args = sys.argv[1], [int(a) for a in sys.argv[2:]]
    sys.stdout.write({"plan": plan, "layered": layered, "big": big, "depth": depth, "aliases": aliases}[kind](*args))

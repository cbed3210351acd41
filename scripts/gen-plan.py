#!/usr/bin/env python3
"""Generates plans for scripts/bench-plan-order.sh (deterministic: seeded).

  gen-plan.py plan SERVICES EDGES   a valid lockstep plan: a random DAG, each edge to an earlier service
  gen-plan.py big MIB               a syntactically valid plan padded with comments to MIB mebibytes
  gen-plan.py depth LEVELS          a depth bomb: LEVELS nested flow lists inside spec
  gen-plan.py aliases LEVELS        a "billion laughs" alias bomb: each level aliases the previous ten times
"""
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
    sys.stdout.write({"plan": plan, "big": big, "depth": depth, "aliases": aliases}[kind](*args))

"""One-to-one matching of gold items to predictions: maximum, and among maximum ones the most preferred.

Kept apart from the scoring rules because it knows nothing of briefs or gold: items are indices,
and a rule decides elsewhere which pairs may match and how much a pair is preferred.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["max_matching"]


def max_matching(n_gold: int, n_pred: int, edges: Mapping[tuple[int, int], int]) -> list[tuple[int, int]]:
    """Maximum-cardinality matching that, among those, maximises total edge weight.

    `edges` maps (gold index, predicted index) to a non-negative preference.
    Successive shortest augmenting paths: each round finds the cheapest path
    (cost = -weight, Bellman-Ford since costs are negative) from an unmatched
    gold item to an unmatched prediction through the residual graph and flips
    it. Every round adds one pair and keeps the matching cheapest for its size,
    so the final matching is maximum and maximally preferred. Sizes are a few
    dozen items at most, so the O(V·E) per round does not matter.
    """
    by_gold: dict[int, list[tuple[int, int]]] = {g: [] for g in range(n_gold)}
    for (g, p), weight in sorted(edges.items()):
        by_gold[g].append((p, -weight))
    gold_to_pred: dict[int, int] = {}
    pred_to_gold: dict[int, int] = {}

    while True:
        inf = float("inf")
        dist_gold = [0.0 if g not in gold_to_pred else inf for g in range(n_gold)]
        dist_pred = [inf] * n_pred
        came_from: dict[int, int] = {}  # predicted index -> gold index it was reached from
        for _ in range(n_gold + n_pred + 1):
            changed = False
            for g in range(n_gold):
                if dist_gold[g] == inf:
                    continue
                for p, cost in by_gold[g]:
                    if gold_to_pred.get(g) == p:
                        continue
                    if dist_gold[g] + cost < dist_pred[p]:
                        dist_pred[p] = dist_gold[g] + cost
                        came_from[p] = g
                        changed = True
            for p, g in pred_to_gold.items():
                # Leaving a matched pair refunds its cost.
                back = dist_pred[p] + edges[(g, p)]
                if back < dist_gold[g]:
                    dist_gold[g] = back
                    changed = True
            if not changed:
                break

        free = [p for p in range(n_pred) if p not in pred_to_gold and dist_pred[p] < inf]
        if not free:
            break
        p = min(free, key=lambda q: (dist_pred[q], q))
        while True:
            g = came_from[p]
            previous = gold_to_pred.get(g)
            gold_to_pred[g] = p
            pred_to_gold[p] = g
            if previous is None:
                break
            p = previous
    return sorted(gold_to_pred.items())

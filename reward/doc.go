// Package reward says what a path is worth: the information the camera gains
// over the belief grid along a branch of the planner's tree (model §3.5–3.6).
//
// # Cells and bits
//
// Observing a cell applies the deterministic most-likely-outcome update of
// package belief (a cell above 0.5 is assumed to be detected, any other
// missed, with the rates of the cell's detection table at the slant range)
// and earns the drop in binary entropy, in bits, times the cell's priority.
// A cell is observed when all four of its corners are inside the camera's
// ground footprint; its range is measured to its lower-left corner. Cells at
// probability 0 (outside the search area) earn nothing and stay unchanged.
//
// # Vertex and edge
//
// A tree node is a Visit: the pose the vehicle reaches and, when the edge that
// leads there has one, its straight part. The node's reward has two parts,
// evaluated in this order so the second sees the first's updates:
//
//   - the edge: the footprint swept along the straight, approximated by the
//     convex hull of the footprints at its two ends (both with the straight's
//     heading). Each swept cell is observed once, at the range from the point
//     of the straight where the footprint's near edge (or its slanted side)
//     first reaches it, with the height interpolated from the start's to the
//     end's; cells beyond the end footprint's near edge and inside it are seen
//     from the end pose;
//   - the vertex: the camera footprint at the node's pose.
//
// Unlike the reference, a straight earns its swept reward whether or not a
// turn follows it inside the edge (the planner passes it either way), and the
// height of the sweep is not reversed. Config.Edge turns the edge part off.
//
// # Branches and deltas
//
// The reward of a node depends on everything its ancestors saw: a cell seen
// twice on one branch pays the second time only for what the first left
// unknown. Rather than copying the grid per node, each node keeps a Delta,
// the cells its observation changed and their new probabilities (a
// copy-on-write layer over the grid). Evaluator.Gain takes the ancestors'
// deltas nearest first, resolves each observed cell's current belief through
// them (the first delta holding the cell wins, else the grid), applies the
// observation and writes the node's own delta. A delta also records the box
// of its cells, so ancestors elsewhere on the map cost four comparisons: a
// branch of a thousand nodes is cheap. Evaluator.Replay is the plain
// alternative that applies a whole sequence of visits to a copy of the grid;
// the two agree exactly.
//
// # Bounds
//
// Evaluator.Bound is an upper bound on a visit's Gain over a branch that the
// evaluator's Gain calls built on its grid, for about half the work: it
// lists the visit's cells and sums what each could earn at most, before
// weights and decay. For the entropy term that is the cell's entropy on the
// grid times its priority: under informative tables the most-likely update
// only moves a belief away from 1/2, so no branch holds more (1 bit when a
// table is not informative); a swept cell outside the boxes of the branch's
// deltas still has its grid belief and earns at most a look at its table's
// best rates; a cell the camera at the pose sees again earns over both looks
// at most its entropy before the first. For detection it is the grid
// probability. The next Gain of the same visit reuses the cells. A planner
// drops an extension that is dominated even at its parent's reward plus the
// bound without scoring it: on the reference-scale mission, 76,600 of the
// 105,800 extensions of 150 iterations (the tree ends with 12,567 nodes),
// with the same tree.
//
// # Terms
//
// The reward is a weighted sum of terms (Config.Terms, the mission's
// reward.terms), each with its own keys:
//
//   - entropy (the default): the bits above, times priority;
//   - detection: the expected number of targets found, probability on the
//     grid (the planning snapshot, not the branch's pseudo-updated belief) ×
//     true-positive rate at range × priority. A target is
//     found once: each delta also keeps, per cell, the chance that the
//     branch's looks so far all missed it, and a look earns only that
//     share, so circling a likely cell is worth less and less;
//   - revisit: for moving targets, the cells near past detections
//     (Evaluator.SetDetections) earn true-positive rate × priority, halved
//     every half_life seconds since the detection, once per branch like
//     detection;
//   - standoff: a penalty of weight × (1 − d/radius) for each given point,
//     or detected target, that an edge comes within d < radius of — zero at
//     the radius and continuous, so the planner trades a detour against it;
//   - no_info_on_turns: the camera at a pose where the vehicle banks
//     (Visit.Turning) sees the ground with probability weight in [0, 1]: it
//     earns that share of its value and moves the belief only that far;
//   - end_region: a bonus, or with required a condition, for the path's
//     last node being in a region. It is not part of a node's gain but of
//     the choice of the best node: Evaluator.Terminal.
//
// Evaluator.GainTerms reports each term's part of a node's gain.
//
// # Decay
//
// Config.TimeDecay discounts the information terms at the node's time since
// the root: linearly with a floor, max(floor, 1 + slope·t), as the model
// does, or exponentially, max(floor, 2^(−t/half_life)). A term may set its
// own time_decay; standoff and end_region are not discounted unless they
// do.
//
// # Sampling
//
// Evaluator.SampleWeights gives the informed sampler each cell's worth for
// one observation at a nominal range on the base grid, by the configured
// cell terms and their weights (entropy gain × priority for the model's
// default).
//
// An Evaluator keeps scratch buffers and a small cache of updates, so Gain
// allocates nothing once warm; it is not safe for concurrent use — Clone one
// per goroutine (clones share the read-only grid and sensor).
package reward

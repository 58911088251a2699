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
// # Decay, weights, sampling
//
// A node's reward is multiplied by Config.TimeDecay at the node's time since
// the root, max(floor, 1 + slope·t), and by the weight of the entropy term.
// Evaluator.SampleWeights gives the informed sampler each cell's gain for one
// observation at a nominal range, times its priority, on the base grid.
//
// An Evaluator keeps scratch buffers and a small cache of updates, so Gain
// allocates nothing once warm; it is not safe for concurrent use — Clone one
// per goroutine (clones share the read-only grid and sensor).
package reward

// Package planner is the IA-TIGRIS informative path planner (model §2): an
// anytime tree of flyable paths over the belief of where targets may be,
// whose best branch is the plan, grown again and re-scored after every
// replan as the vehicle flies and the belief changes.
//
// # The parts, in the terms of a sampling-based planner (OMPL)
//
// State space. A state is a motion.Pose (x, y, z, heading). Nearness is
// motion.Distance: the Euclidean distance plus the heading difference,
// summed, so heading is worth at most π metres.
//
// Sampler. The informed sampler draws a grid cell with probability
// proportional to what observing it would gain (reward.Evaluator's
// SampleWeights at the nominal slant range, times the cell's priority), a
// heading uniform in [-π, π) and an altitude uniform in the vehicle's
// [AltitudeMin, AltitudeMax], and pulls the position back along the heading
// so that the cell appears at the chosen row of the image (Config's
// viewpoint_goal). With a receding horizon, cells beyond its reach get no
// weight; a belief that offers nothing anywhere is sampled uniformly inside
// the search bounds instead, so planning still covers the area.
//
// Steering and motion validation. An edge is the motion model's curve from a
// node toward a target (motion.Model.Steer, discretised every Config.Step
// metres), cut before the state that would reach extend_dist or exhaust the
// distance or time budget, then before the first piece that enters a
// keep-out or leaves the bounds (motion.Validator.FirstInvalid, which checks
// the continuous curve). A node ends every edge; it is closed, and never
// extended as a neighbour, when a keep-out stopped its edge or less than one
// step of budget is left.
//
// Objective. A node's reward is its parent's plus what the straight part of
// its edge sweeps and what its camera sees, on the belief as its branch left
// it (reward.Evaluator.Gain over the ancestors' deltas), with the mission's
// reward terms (entropy, detection, standoff, revisit, ...). The plan is the
// branch to the best node: highest reward plus the end_region bonus of ending
// there (reward.Evaluator.Terminal); with a required end region, a node inside
// it beats any node outside. With an end_region term a tenth of the samples
// are drawn inside the region, and a node inside it is never pruned by one
// outside when the region is required. Planner.SetDetections hands the
// standoff and revisit terms the targets found so far, between replans.
//
// Termination. Replan iterates until a Termination is done: Iterations(n)
// for a reproducible plan, Context(ctx) to stop at a deadline the caller
// put on ctx. The package never reads the clock.
//
// # One iteration
//
// Draw a sample; steer the nearest node toward it; keep that edge unless
// dominated; then steer every open node within extend_radius of its end
// toward that end, nearest first (at most max_neighbours of them), keeping
// each new edge unless dominated. A
// node is dominated when a node within prune_radius (the root included) has
// a cost no higher and a reward no lower: the tree keeps, near every place,
// only the (cost, reward) trade-offs worth having. There is no rewiring.
//
// Most extensions into a grown tree are dominated. Before scoring one, the
// planner checks it for dominance at its parent's reward plus an upper
// bound on its gain (reward.Evaluator.Bound, half the work of a gain): one
// dominated even so is dropped unscored. The tree only grows during an
// iteration, so such an edge would be dominated when committed: the tree
// is the same as without the check. On the reference-scale mission it
// drops 76,600 of the 105,800 extensions of 150 iterations (the tree ends
// with 12,567 nodes), and a larger share as the tree grows. With the
// cheaper cell scans of package reward, BenchmarkIterate (go test -run '^$'
// -bench 'Iterate/iters=' -benchtime 3x; go1.26, 2 shared cores, minimum of
// 8 runs interleaved with the code before) grows 26,700 nodes/s at 50
// iterations and 19,500 at 150 on one worker, against 19,300 and 13,800
// before (1.38×, 1.42×); tigris plan -iters 400 on coastal-search (22,834
// nodes) takes 2.05 s instead of 2.8 s. Steering only as far as the edge is
// kept (motion.SteerLimited with extend_dist and the remaining budget), and
// motion's whole-path keep-out test, add 1.06× at 50 iterations (25,700 →
// 27,100 nodes/s) and 1.03× at 150 (19,500 → 20,000), with identical trees
// and plans (minimum of 10 interleaved runs, measured before the flat index).
// The flat index (see below) takes the 150-iteration run from 635 to 606 ms
// on one worker (19,800 → 20,700 nodes/s, minimum of 22 runs interleaved
// with the gonum index it replaced, without the steering change: 1.05×) and
// leaves the 50-iteration run as it was (90 ms); the larger the tree, the
// larger the share of dominance checks.
//
// With Config.Workers > 1 the neighbour extensions of an iteration are
// steered and scored on that many goroutines, then committed in the
// sequential order, so the tree, and the plan, are the same for any number
// of workers. A plan depends only on the problem, the seed and the
// termination's iteration count.
//
// # Replanning
//
// Replan first looks for its start pose on the previous best path. If it is
// there (as it is when the start comes from Online.NextStart), the subtree of
// that node is kept and the node becomes the root: nodes beyond the new
// budget are dropped with their own subtrees, closed flags are recomputed,
// and every kept node's reward is brought up to date with the new belief,
// the root's without the edge already flown. Only nodes that observe a cell
// whose belief changed, or that the root's former ancestors observed, are
// recomputed (see rescore.go); on a 50,000-node tree after a stretch of
// flight this takes milliseconds. Otherwise, or with Kind "tigris", the
// tree starts afresh at the start pose. Differences from the reference
// (DESIGN §2): the recycled root stays in the nearest-neighbour index, an
// over-budget child drops only its own subtree, closed flags follow the new
// budget, sampled altitudes vary, an all-zero sampling weight falls back to
// uniform, and the plan includes the best node's own state.
//
// Online holds the published plan between replans: NextStart picks the tree
// node that ends the segment the vehicle will be on when the replan is done,
// and the budget left after the part of the plan it keeps flying; Commit
// joins the new plan to that part.
//
// # Baselines
//
// Build returns a Replanner for any Config.Kind: the tree (ia-tigris, or
// tigris, the same tree rebuilt from scratch every replan — the ablation
// that shows what reuse buys) or a baseline of the reference's evaluation
// (model §5): greedy (the viewpoint with the best expected gain per metre),
// random (viewpoints drawn inside the bounds), mcts (UCT over motion
// primitives with random rollouts, without the reference's double counting)
// and lawnmower (boustrophedon passes one footprint apart over the concave
// area). All share the problem's motion model, validator and reward, and the
// online core drives them alike; tigris bench compares them.
//
// # Nearest-neighbour index
//
// The tree is indexed by a k-d tree of the package's own (flatIndex): nodes
// in one slice, children by position, each node's pose, cost and reward
// inline, built balanced in preorder whenever the tree doubles and after
// every recycle, inserts appended in between. Position-only pruning is exact
// for the summed metric, since a node within r is within r in x and y. It
// splits on reward, x, y and cost in turn, and every node bounds its
// subtree's x, y extent, lowest cost and highest reward, so the dominance
// query, the one run for every candidate, skips subtrees that are too far,
// too dear or too poor; with reward and cost among the splits those bounds
// are tight. Replaying the index calls of a 150-iteration plan
// (BenchmarkIndexReplay: 12,567 inserts, 135,308 dominance checks, 150
// neighbour balls of 1500 m and 150 nearest queries), the checks visit 28
// nodes each instead of 46 and take 35 ms instead of 55 (255 ns against
// 404), the inserts 6.0 ms instead of 7.3, the balls and nearest queries
// the same as before (6.2 ms and under 0.5 ms). The gonum k-d tree over x,
// y and cost (spatial/kdtree with the package's own traversals and subtree
// rewards) that the planner used before, and github.com/kyroy/kdtree (x, y,
// z; k-NN and boxes, filtered), are kept for comparison in a test file
// (index_compare_test.go), out of the binary. BenchmarkIndex
// (go test -bench 'Index$' -benchmem; go1.26, 2 shared cores under load
// 2.5, minimum of 3, poses spread over the 5 km mission area), ns per
// operation:
//
//	                          n = 10,000               n = 50,000
//	                     flat   gonum    kyroy    flat    gonum    kyroy
//	insert (amortised)    775     897     2281    1115     1086     2325
//	nearest              4489    1764    17694   12306     4272    27787
//	radius 400 m        27473   25317   145678  153572   153083   622212
//	radius 1500 m      273415  287840  1404690 1623597  1710030  7066603
//	dominated, 400 m       76      79   109719      80      104   651776
//
// These random queries are easier than the planner's (which sit among
// nodes of like cost and reward); on them flat and gonum tie on radius
// queries and dominance at 10,000 nodes, and flat's nearest query is 2.5–3×
// slower: half its splits are not spatial. The planner asks for a nearest
// node once per iteration, so that costs it under 0.2 ms in 150
// iterations, less than keeping a second index up to date would. Neither
// allocates per query, kyroy allocates on every call (34–18,408
// allocations).
package planner

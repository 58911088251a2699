package planner

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// Problem is everything the planner needs, built by the caller from a
// mission.
type Problem struct {
	Model     motion.Model      // steers edges
	Validator *motion.Validator // keep-outs and bounds; nil accepts every edge
	Grid      *belief.Grid      // the initial belief; fixes the grid geometry every later snapshot must share
	Sensor    *belief.Sensor
	Reward    reward.Config
	// Altitude is the nominal flight height (m) that sets the sampler's
	// nominal slant range; sampled poses get an altitude uniform in
	// [AltitudeMin, AltitudeMax] (both 0 means Altitude).
	Altitude, AltitudeMin, AltitudeMax float64
	Budget                             Budget // the mission's budget (validated here; Replan takes what remains)
	Config                             Config // start from DefaultConfig or Config.WithDefaults
}

// Result is one replan's plan and its statistics.
type Result struct {
	// Path is every discretised state from the root (the start pose) to the
	// best node, that node included, with no duplicate where edges join.
	Path []motion.Pose
	// Segments are the edges of the best path, each from its parent node to
	// its node, both ends included; Path is their concatenation.
	Segments [][]motion.Pose
	// Dist and Time are the arc length (m) and flight time (s) from Path[0]
	// to each state of Path.
	Dist, Time []float64
	// Reward is the best node's cumulative reward (bits × priority for the
	// default entropy term) plus what ending there adds by an end_region
	// term, Cost its path length (m) and Duration its flight time (s).
	Reward, Cost, Duration float64
	// EndOK reports that the plan satisfies a required end_region (always
	// true without one): when no node of the tree ends in the region, the
	// plan is the best of those that do not, and EndOK is false.
	EndOK bool
	// Samples counts the samples of this replan that produced an edge,
	// Iterations the loop iterations, TreeSize the nodes in the tree.
	Samples, Iterations, TreeSize int
}

// Termination decides when Replan stops sampling. Done is called before
// every iteration with the number of iterations done so far, and again with
// the same number between batches of one iteration's neighbour extensions,
// so that a deadline also cuts a long iteration short (the nodes added so
// far stay; a count-based Done gives the same answer and changes nothing).
type Termination interface {
	Done(iterations int) bool
}

type iterationBudget int

func (n iterationBudget) Done(i int) bool { return i >= int(n) }

// Iterations stops after n iterations: the deterministic termination that
// makes a plan reproducible for a seed.
func Iterations(n int) Termination { return iterationBudget(n) }

type contextDone struct{ ctx context.Context }

func (c contextDone) Done(int) bool {
	select {
	case <-c.ctx.Done():
		return true
	default:
		return false
	}
}

// Context stops when ctx is done, typically at a deadline the caller set
// (context.WithTimeout): the planner itself never reads the clock. A replan
// overruns its deadline by at most one batch of neighbour extensions.
func Context(ctx context.Context) Termination { return contextDone{ctx} }

// minEdge is the shortest edge worth a node (model §2.1), metres.
const minEdge = 0.01

// samePose is how close a neighbour must be to the new node to be skipped
// rather than steered onto it (model §2.3), in motion.Distance units.
const samePose = 1e-5

// node is one tree vertex. The edge's discretised states are not stored:
// the planner steers parent → goal again and keeps nStates of them when a
// path is output, which the deterministic motion model reproduces exactly.
type node struct {
	pose     motion.Pose     // heading wrapped to [-π, π)
	goal     motion.Pose     // the pose the incoming edge was steered toward
	straight motion.Straight // longest straight part of the incoming edge
	cost     float64         // path length from the root, m
	time     float64         // flight time from the root, s
	incCost  float64         // length of the incoming edge
	incTime  float64         // flight time of the incoming edge
	reward   float64         // cumulative reward root → node
	gain     float64         // this node's part of reward
	delta    *reward.Delta   // the belief changes this node's observation made on its branch
	box      cellBox         // the cells its observation can touch
	parent   int32           // -1 for the root; always lower than the node's own id
	nStates  int32           // states of the incoming edge, its start included

	hasStraight bool
	turning     bool // the edge ends in a turn: the camera at pose looks off the ground
	blocked     bool // the edge stopped before a keep-out or the bounds
	closed      bool // blocked, or within one step of the budget: never extended as a neighbour
	stale       bool // recycle: the node's gain must be recomputed whatever the belief did
}

// candidate is a node being built: steered and scored (possibly on a worker
// goroutine), then committed or discarded in order.
type candidate struct {
	node
	ok      bool         // the edge is long enough to become a node
	scratch reward.Delta // the observation's belief changes until committed
}

// worker holds what one goroutine needs to steer and score candidates.
type worker struct {
	ev     *reward.Evaluator
	path   motion.Path
	branch []*reward.Delta
	pruned int // candidates score dropped on their bound (tests count them)
}

// Planner is the IA-TIGRIS tree planner (model §2). It is not safe for
// concurrent use; with Config.Workers > 1 it runs goroutines of its own
// during Replan only.
type Planner struct {
	prob    Problem
	cfg     Config
	rng     *rand.Rand
	workers []*worker
	sampler sampler
	changes changes

	nodes []node
	spare []node // the other buffer of a recycle's compaction
	index index
	end   endRegion
	best  int32
	// bestVal and bestOK are what the best node is worth as the end of the
	// plan: its reward plus the end_region bonus, and whether it satisfies
	// a required region.
	bestVal float64
	bestOK  bool
	dets    detections

	distLimit, timeLimit float64

	samples int
	first   candidate   // the edge toward the sample
	cands   []candidate // neighbour extensions of one batch
	near    []neighbour
	entries []entry
	keep    []int32
	stop    func() bool // the termination, asked between batches
	// scoreAll turns off score's dominance check on the bound, for the
	// tests that show it changes nothing.
	scoreAll bool
	depth    []int32 // rescore's scratch
	levels   []int
	order    []int32
}

// seedStream separates the planner's random stream from others drawn from
// the same seed.
const seedStream = 0x7469677269730001

// New validates the problem and returns a planner with an empty tree.
func New(p Problem) (*Planner, error) {
	if p.Model == nil {
		return nil, errors.New("planner: no motion model")
	}
	if err := p.Config.Validate(); err != nil {
		return nil, err
	}
	if err := p.Budget.Validate(); err != nil {
		return nil, err
	}
	if p.AltitudeMin == 0 && p.AltitudeMax == 0 {
		p.AltitudeMin, p.AltitudeMax = p.Altitude, p.Altitude
	}
	switch {
	case !positive(p.Altitude):
		return nil, fmt.Errorf("planner: altitude must be > 0, got %v", p.Altitude)
	case !positive(p.AltitudeMin) || !positive(p.AltitudeMax) || p.AltitudeMin > p.AltitudeMax:
		return nil, fmt.Errorf("planner: sampled altitudes must satisfy 0 < min <= max, got [%v, %v]", p.AltitudeMin, p.AltitudeMax)
	}
	ev, err := reward.NewEvaluator(p.Grid, p.Sensor, p.Reward)
	if err != nil {
		return nil, fmt.Errorf("planner: %w", err)
	}
	pl := &Planner{
		prob:  p,
		cfg:   p.Config,
		rng:   rand.New(rand.NewPCG(p.Config.Seed, seedStream)),
		index: &flatIndex{},
	}
	for k := range p.Config.Workers {
		if k > 0 {
			ev = ev.Clone()
		}
		pl.workers = append(pl.workers, &worker{ev: ev})
	}
	pl.sampler.init(p)
	pl.end.init(ev)
	pl.sampler.region(pl.end)
	pl.dets.init(p.Reward)
	return pl, nil
}

// Replan is the incremental step followed by planning. It looks for start on
// the previous best path (to 1e-3 m and 1e-2 rad); if found (and Kind is
// ia-tigris) it keeps that node's subtree, makes it the root and re-scores
// every kept node top-down against grid; otherwise it starts a new tree at
// start. It then rebuilds the informed sampler from grid and iterates until
// term is done.
//
// budget is what the new plan may use from start. grid must have the
// geometry of Problem.Grid; it is read, never written, and must not change
// during the call. If ctx is cancelled first, Replan stops and returns the
// best plan so far together with ctx's error.
func (p *Planner) Replan(ctx context.Context, start motion.Pose, budget Budget, grid *belief.Grid, term Termination) (Result, error) {
	if err := budget.Validate(); err != nil {
		return Result{}, fmt.Errorf("planner: %w", err)
	}
	if err := p.checkGrid(grid); err != nil {
		return Result{}, err
	}
	if !finitePose(start) {
		return Result{}, fmt.Errorf("planner: start pose %v is not finite", start)
	}
	for _, w := range p.workers {
		w.ev.SetGrid(grid)
	}
	p.distLimit, p.timeLimit = budget.distanceLimit(), budget.timeLimit()
	start.Heading = motion.WrapPi(start.Heading)
	p.changes.diff(grid)

	if match := p.find(start); match >= 0 && p.cfg.Kind == KindIATigris {
		p.recycle(match)
	} else {
		p.reset(start)
	}
	p.dets.settled()
	p.sampler.build(p.workers[0].ev, grid, start, budget, p.distLimit)

	p.samples = 0
	it := 0
	p.stop = func() bool { return term.Done(it) }
	for !term.Done(it) {
		if err := ctx.Err(); err != nil {
			return p.result(it), fmt.Errorf("planner: replan cancelled after %d iterations: %w", it, err)
		}
		p.iterate()
		it++
	}
	return p.result(it), nil
}

func finitePose(q motion.Pose) bool {
	for _, v := range [4]float64{q.X, q.Y, q.Z, q.Heading} {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

func (p *Planner) checkGrid(g *belief.Grid) error {
	r := p.prob.Grid
	switch {
	case g == nil:
		return errors.New("planner: nil grid")
	case g.Rows != r.Rows || g.Cols != r.Cols || g.XStart != r.XStart || g.YStart != r.YStart || g.Res != r.Res:
		return fmt.Errorf("planner: grid %d×%d at (%v, %v) res %v differs from the problem's %d×%d at (%v, %v) res %v",
			g.Rows, g.Cols, g.XStart, g.YStart, g.Res, r.Rows, r.Cols, r.XStart, r.YStart, r.Res)
	case len(g.Prob) != g.Len() || len(g.Priority) != g.Len() || len(g.Model) != g.Len():
		return fmt.Errorf("planner: grid layers have %d, %d, %d cells, want %d", len(g.Prob), len(g.Priority), len(g.Model), g.Len())
	}
	return nil
}

// find returns the node of the previous best path at start, or -1.
func (p *Planner) find(start motion.Pose) int32 {
	if len(p.nodes) == 0 {
		return -1
	}
	for q := p.best; q >= 0; q = p.nodes[q].parent {
		n := &p.nodes[q].pose
		if math.Abs(n.X-start.X) < 1e-3 && math.Abs(n.Y-start.Y) < 1e-3 && math.Abs(n.Z-start.Z) < 1e-3 &&
			motion.AngleDiff(n.Heading, start.Heading) < 1e-2 {
			return q
		}
	}
	return -1
}

// nearBudget reports whether a node at this cost and time has less than one
// step of budget left.
func (p *Planner) nearBudget(cost, time float64) bool {
	return p.distLimit-cost < p.cfg.Step || p.timeLimit-time < p.cfg.Step/p.prob.Model.Speed()
}

// reset drops the tree and plants a root at start.
func (p *Planner) reset(start motion.Pose) {
	clear(p.nodes)
	p.nodes = p.nodes[:0]
	root := node{pose: start, goal: start, parent: -1, nStates: 1}
	root.closed = p.nearBudget(0, 0)
	w := p.workers[0]
	root.gain = w.ev.Gain(nil, reward.Visit{Pose: start}, &p.first.scratch)
	root.reward, root.delta = root.gain, p.first.scratch.Clone()
	root.box = p.boxOf(w, p.visit(&root))
	p.nodes = append(p.nodes, root)
	p.index.reset([]entry{{root.pose, 0, root.reward}})
	p.end.reset(p.nodes)
	p.best = 0
	p.bestVal, p.bestOK = p.endValue(&p.nodes[0])
}

// recycle keeps the subtree of node match with match as the new root
// (model §2.5, with the FIXes of DESIGN §2): a node whose cost or time from
// the new root exceeds the budget is dropped with its own subtree only;
// closed flags are recomputed; every kept node, the root included (without
// its already-flown edge), is re-scored top-down against the new belief
// (see rescore); and every kept node, the root included, goes back into
// the index.
//
// Nodes are renumbered in their old order. A child always has a higher id
// than its parent, so one ascending pass both filters and re-scores.
func (p *Planner) recycle(match int32) {
	old := p.nodes
	// The new root's ancestors leave every kept branch, and the root drops
	// its flown edge: the cells they observed read differently now.
	for q := match; q >= 0; q = old[q].parent {
		p.changes.markDelta(old[q].delta)
	}
	p.dets.mark(&p.changes, p.prob.Grid)
	p.changes.sum()
	kept := p.spare[:0]
	keep := p.keep[:0]
	for i := match; i < int32(len(old)); i++ {
		n := old[i]
		oldTime := n.time
		id := int32(-1)
		if i == match {
			n.parent, n.cost, n.time, n.incCost, n.incTime = -1, 0, 0, 0, 0
			n.goal, n.nStates, n.hasStraight, n.straight, n.blocked = n.pose, 1, false, motion.Straight{}, false
			n.turning = false
			id = 0
		} else if n.parent >= match && keep[n.parent-match] >= 0 {
			par := keep[n.parent-match]
			cost, time := kept[par].cost+n.incCost, kept[par].time+n.incTime
			if cost <= p.distLimit && time <= p.timeLimit {
				n.parent, n.cost, n.time = par, cost, time
				id = int32(len(kept))
			}
		}
		if id >= 0 {
			n.closed = n.blocked || p.nearBudget(n.cost, n.time)
			n.stale = id == 0 || p.dets.allStale || !p.prob.Reward.SameDecay(n.time, oldTime)
			kept = append(kept, n)
		}
		keep = append(keep, id)
	}
	p.rescore(kept)
	clear(old)
	p.spare, p.nodes, p.keep = old[:0], kept, keep

	p.entries = p.entries[:0]
	for i := range kept {
		p.entries = append(p.entries, entry{kept[i].pose, kept[i].cost, kept[i].reward})
	}
	p.index.reset(p.entries)
	p.end.reset(kept)
}

// visit is what node n observes. It leaves out the edge's states, which the
// node does not keep: the caller adds them when the standoff term needs them.
func (p *Planner) visit(n *node) reward.Visit {
	return reward.Visit{Pose: n.pose, Straight: n.straight, HasStraight: n.hasStraight, Time: n.time, Turning: n.turning}
}

// branchOf appends the deltas of node id and its ancestors, nearest first.
func branchOf(dst []*reward.Delta, nodes []node, id int32) []*reward.Delta {
	for ; id >= 0; id = nodes[id].parent {
		dst = append(dst, nodes[id].delta)
	}
	return dst
}

// iterate is one planning iteration (model §2.3): draw a sample, steer the
// nearest node toward it, keep that edge unless dominated, then steer every
// open neighbour of its end toward it.
func (p *Planner) iterate() {
	s := p.sampler.draw(p.rng)
	from, _ := p.index.nearest(s)
	w := p.workers[0]
	f := &p.first
	if !p.steer(w, from, s, f) {
		return
	}
	p.samples++
	fID := int32(-1)
	if f.ok && p.score(w, f) {
		if p.tryAdd(f) {
			fID = int32(len(p.nodes) - 1)
		}
	}
	// The open neighbours nearest first, at most MaxNeighbours of them:
	// filtered, then only the nearest sorted, which cmpNeighbour's total
	// order makes the same as sorting them all.
	p.near = p.index.ball(f.pose, p.cfg.ExtendRadius, p.near[:0])
	k := 0
	for _, nb := range p.near {
		if nb.id == fID || nb.id == from || nb.d < samePose || p.nodes[nb.id].closed {
			continue
		}
		p.near[k] = nb
		k++
	}
	near := p.near[:k]
	if m := p.cfg.MaxNeighbours; m > 0 && len(near) > m {
		near = nearestK(near, m)
	}
	slices.SortFunc(near, cmpNeighbour)
	p.extend(near, f.pose)
}

// nearestK reorders ns so that its first k elements are the k smallest by
// cmpNeighbour, in no set order, and returns them (quickselect).
func nearestK(ns []neighbour, k int) []neighbour {
	lo, hi := 0, len(ns)-1
	for lo < hi {
		// Median of three as the pivot, moved to hi.
		mid := lo + (hi-lo)/2
		if cmpNeighbour(ns[mid], ns[lo]) < 0 {
			ns[mid], ns[lo] = ns[lo], ns[mid]
		}
		if cmpNeighbour(ns[hi], ns[lo]) < 0 {
			ns[hi], ns[lo] = ns[lo], ns[hi]
		}
		if cmpNeighbour(ns[mid], ns[hi]) < 0 {
			ns[mid], ns[hi] = ns[hi], ns[mid]
		}
		pivot := ns[hi]
		s := lo
		for i := lo; i < hi; i++ {
			if cmpNeighbour(ns[i], pivot) < 0 {
				ns[i], ns[s] = ns[s], ns[i]
				s++
			}
		}
		ns[s], ns[hi] = ns[hi], ns[s]
		switch {
		case s == k-1 || s == k:
			return ns[:k]
		case s < k:
			lo = s + 1
		default:
			hi = s - 1
		}
	}
	return ns[:k]
}

// batch is how many neighbour extensions are computed before they are
// committed in order; it bounds the scratch deltas held at once.
const batch = 64

// extend steers every node of near toward target and adds the edges that
// are not dominated, in the order of near. Steering and scoring only read
// the tree, so with several workers they run in parallel; the commits (the
// dominance checks and insertions, which depend on each other) stay
// sequential, so the tree is the same for any number of workers.
func (p *Planner) extend(near []neighbour, target motion.Pose) {
	for len(near) > 0 && !p.stop() {
		jobs := near[:min(batch, len(near))]
		near = near[len(jobs):]
		if len(p.cands) < len(jobs) {
			p.cands = append(p.cands, make([]candidate, len(jobs)-len(p.cands))...)
		}
		cands := p.cands[:len(jobs)]
		p.compute(jobs, cands, target)
		for i := range cands {
			if cands[i].ok {
				p.tryAdd(&cands[i])
			}
		}
	}
}

func (p *Planner) compute(jobs []neighbour, cands []candidate, target motion.Pose) {
	one := func(w *worker, i int) {
		c := &cands[i]
		c.ok = p.steer(w, jobs[i].id, target, c) && c.ok && p.score(w, c)
	}
	if len(p.workers) == 1 || len(jobs) == 1 {
		for i := range jobs {
			one(p.workers[0], i)
		}
		return
	}
	parallel(p.workers, len(jobs), one)
}

// steer fills c with the edge from node `from` toward goal (model §2.4): the
// model's full curve, cut before the state that would reach extend_dist or
// exhaust the budget (distance or time), then before the first piece that
// enters a keep-out. c.ok reports whether the edge is long enough to be a
// node; a false return means the model found no curve.
func (p *Planner) steer(w *worker, from int32, goal motion.Pose, c *candidate) bool {
	f := &p.nodes[from]
	path := &w.path
	remD, remT := p.distLimit-f.cost, p.timeLimit-f.time
	// Only the states up to the first that reaches a limit are sampled: the
	// cut below keeps exactly what it would keep of the whole path.
	if err := motion.SteerLimited(p.prob.Model, path, f.pose, goal, p.cfg.Step, min(p.cfg.ExtendDist, remD), remT); err != nil || len(path.States) < 2 {
		return false
	}
	n := 1
	for n < len(path.States) && path.Dist[n] < p.cfg.ExtendDist && path.Dist[n] < remD && path.Time[n] < remT {
		n++
	}
	path.Truncate(n)
	blocked := false
	if bad := p.prob.Validator.FirstInvalid(path); bad < n {
		path.Truncate(bad)
		blocked = true
	}
	last := len(path.States) - 1
	c.node = node{
		pose:    path.States[last],
		goal:    goal,
		parent:  from,
		nStates: int32(last + 1),
		incCost: path.Dist[last],
		incTime: path.Time[last],
		blocked: blocked,
	}
	c.pose.Heading = motion.WrapPi(c.pose.Heading)
	c.cost, c.time = f.cost+c.incCost, f.time+c.incTime
	c.closed = blocked || p.nearBudget(c.cost, c.time)
	c.straight, c.hasStraight = longestStraight(path)
	c.turning = endsInTurn(path)
	c.ok = c.incCost >= minEdge
	return true
}

// score sets c's cumulative reward: its parent's plus what its straight and
// its pose observe on the parent's branch belief. It returns false, leaving
// c unscored, when c would be dominated even at the most its visit can earn
// (reward.Evaluator.Bound): most extensions into a grown tree are, and the
// bound costs half of a full evaluation. Nodes are only ever added during an
// iteration, so a candidate dominated now is dominated when it is committed.
func (p *Planner) score(w *worker, c *candidate) bool {
	v := p.visit(&c.node)
	v.Edge = w.path.States
	parent := p.nodes[c.parent].reward
	w.branch = branchOf(w.branch[:0], p.nodes, c.parent)
	if !p.scoreAll {
		c.reward = parent + w.ev.Bound(w.branch, v)
		if p.dominated(&c.node) {
			w.pruned++
			return false
		}
	}
	c.gain = w.ev.Gain(w.branch, v, &c.scratch)
	c.reward = parent + c.gain
	c.box = p.boxOf(w, v)
	return true
}

// tryAdd inserts c unless a node within prune_radius (the root included)
// has a cost no higher and a reward no lower (model §2.3), and makes it the
// best node if it ends a better plan (see better).
func (p *Planner) tryAdd(c *candidate) bool {
	if p.dominated(&c.node) {
		return false
	}
	n := c.node
	n.delta = c.scratch.Clone()
	p.nodes = append(p.nodes, n)
	e := entry{n.pose, n.cost, n.reward}
	p.index.insert(e)
	if p.end.contains(n.pose) {
		p.end.index.insert(e)
	}
	if v, ok := p.endValue(&n); better(v, ok, p.bestVal, p.bestOK) {
		p.best, p.bestVal, p.bestOK = int32(len(p.nodes)-1), v, ok
	}
	return true
}

// dominated reports whether a node near n makes it redundant. Outside an
// end region, and without one, that is a node within prune_radius with a
// cost no higher and a reward no lower. A node inside the region is also
// worth its end: a node outside dominates it only with a reward no lower
// than its reward plus its bonus, and never when the region is required,
// so that the branches that come back are not pruned by those that search
// on nearby.
func (p *Planner) dominated(n *node) bool {
	r := p.cfg.PruneRadius
	if !p.end.contains(n.pose) {
		return p.index.dominated(n.pose, r, n.cost, n.reward)
	}
	if p.end.index.dominated(n.pose, r, n.cost, n.reward) {
		return true
	}
	if p.end.required {
		return false
	}
	bonus, _ := p.workers[0].ev.Terminal(n.pose, n.time)
	return p.index.dominated(n.pose, r, n.cost, n.reward+bonus)
}

// endValue is what node n is worth as the end of the plan: its reward plus
// the end_region bonus, and whether it satisfies a required region.
func (p *Planner) endValue(n *node) (float64, bool) {
	bonus, ok := p.workers[0].ev.Terminal(n.pose, n.time)
	return n.reward + bonus, ok
}

// better reports whether a plan worth v (ok: it satisfies a required end
// region) beats one worth bv (bok): any plan that satisfies the region
// beats any that does not, then the higher value wins.
func better(v float64, ok bool, bv float64, bok bool) bool {
	if ok != bok {
		return ok
	}
	return v > bv
}

// result builds the plan root → best, steering each edge again.
func (p *Planner) result(iterations int) Result {
	best := &p.nodes[p.best]
	res := Result{
		Reward: p.bestVal, EndOK: p.bestOK, Cost: best.cost, Duration: best.time,
		Samples: p.samples, Iterations: iterations, TreeSize: len(p.nodes),
	}
	var chain []int32
	for q := p.best; q >= 0; q = p.nodes[q].parent {
		chain = append(chain, q)
	}
	root := &p.nodes[chain[len(chain)-1]]
	res.Path = append(res.Path, root.pose)
	res.Dist = append(res.Dist, 0)
	res.Time = append(res.Time, 0)
	w := p.workers[0]
	for k := len(chain) - 2; k >= 0; k-- {
		n := &p.nodes[chain[k]]
		par := &p.nodes[n.parent]
		path := &w.path
		p.resteer(path, par, n)
		seg := make([]motion.Pose, len(path.States))
		for i, s := range path.States {
			s.Heading = motion.WrapPi(s.Heading)
			seg[i] = s
		}
		res.Segments = append(res.Segments, seg)
		res.Path = append(res.Path, seg[1:]...)
		for i := 1; i < len(seg); i++ {
			res.Dist = append(res.Dist, par.cost+path.Dist[i])
			res.Time = append(res.Time, par.time+path.Time[i])
		}
	}
	return res
}

// SetDetections gives the reward terms that use them (standoff with
// detected: true, and revisit) the targets detected so far and the mission
// time of the next replan's root, now (s), on every worker's evaluator (see
// reward.Evaluator.SetDetections). Call it between replans. The next Replan
// that recycles the tree brings the kept nodes up to date: every node when
// the points a standoff keeps away from changed, else the nodes that observe
// the cells of a detection, past or present, whose revisit value changed.
func (p *Planner) SetDetections(now float64, ds []reward.Detection) {
	for _, w := range p.workers {
		w.ev.SetDetections(now, ds)
	}
	p.dets.set(ds)
}

// endRegion is the end_region term as the tree sees it: the region, and an
// index of the nodes inside it for the dominance checks of those nodes.
type endRegion struct {
	region        reward.Region
	has, required bool
	index         flatIndex
	entries       []entry
}

func (e *endRegion) init(ev *reward.Evaluator) {
	e.region, e.required, e.has = ev.EndRegion()
}

// contains reports whether q ends a plan inside the region.
func (e *endRegion) contains(q motion.Pose) bool {
	return e.has && e.region.Contains(r2.Vec{X: q.X, Y: q.Y})
}

// reset indexes the nodes inside the region.
func (e *endRegion) reset(nodes []node) {
	if !e.has {
		return
	}
	e.entries = e.entries[:0]
	for i := range nodes {
		if n := &nodes[i]; e.contains(n.pose) {
			e.entries = append(e.entries, entry{n.pose, n.cost, n.reward})
		}
	}
	e.index.reset(e.entries)
}

// resteer steers the incoming edge of n from its parent par into path
// again: the deterministic motion model reproduces the states the edge had
// when n was added. The edge's states are those of the whole curve up to
// Dist incCost, so steering stops at the first state beyond it: the
// LimitedSteerer contract makes that prefix the whole curve's, bit for bit,
// without sampling the rest (the goal may be kilometres away).
func (p *Planner) resteer(path *motion.Path, par, n *node) {
	if err := motion.SteerLimited(p.prob.Model, path, par.pose, n.goal, p.cfg.Step, math.Nextafter(n.incCost, math.Inf(1)), math.Inf(1)); err != nil {
		// The model steered this very edge before.
		panic(fmt.Sprintf("planner: edge %v → %v no longer steers: %v", par.pose, n.goal, err))
	}
	path.Truncate(int(n.nStates))
}

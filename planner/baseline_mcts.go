package planner

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// mcts is the Monte-Carlo tree search baseline (model §5.3): UCT over
// motion primitives, rebuilt from scratch every replan.
//
// From a node the actions are mctsActions primitives: headings −120°, −60°,
// 0°, 60° and 120° from the node's, each at a short and a three times longer
// distance, steered with the motion model and cut by the budget and the
// validator like any edge. A simulation descends from the root by UCB1 on
// the mean return normalised by the largest return seen (an unvisited child
// first), expands a visited leaf with all its actions, rolls out from the
// first new child with up to the rollout depth of random actions, and backs
// the return up: a node's return is its own gain (its edge and footprint on
// its branch's belief, model §3.6) plus everything after it. Unlike the
// reference, a node's value adds only its own gain, not its cumulative
// reward again, so nothing is counted twice. The plan follows the child of
// the highest mean return from the root down.
//
// One iteration of the Termination is mctsBatch simulations, so that an
// iteration costs about as much as a tree iteration.
type mcts struct {
	prob  Problem
	ev    *reward.Evaluator
	rng   *rand.Rand
	path  motion.Path
	nodes []mnode

	scratch reward.Delta
	branch  []*reward.Delta
	roll    []reward.Delta // the rollout's deltas
	visited []int32

	distLimit, timeLimit float64
	reach                float64 // the short primitive's distance
	depth                int     // rollout depth
	maxReturn            float64
	sims                 int
}

// mnode is one node of the search tree.
type mnode struct {
	pose, goal        motion.Pose
	parent            int32
	first, nChildren  int32 // children are nodes[first : first+nChildren]
	nStates           int32
	cost, time        float64
	gain              float64
	delta             *reward.Delta
	visits            int
	total             float64 // sum of the returns of the simulations through the node
	expanded, closing bool    // closing: less than one step of budget left
}

const (
	mctsActions     = 10
	mctsExploration = math.Sqrt2 / 2 // UCB1's constant for returns in [0, 1]
	mctsBatch       = 16
	mctsStream      = 0x6d6374730001
	// mctsReach is the reference's short primitive (mcts_extend_radius, m).
	mctsReach = 300
)

func newMCTS(p Problem) (*mcts, error) {
	c, err := newChain(p)
	if err != nil {
		return nil, err
	}
	box := p.Grid.Bounds.Bounds()
	diag := math.Hypot(box.Max.X-box.Min.X, box.Max.Y-box.Min.Y)
	m := &mcts{
		prob: p, ev: c.ev, rng: rand.New(rand.NewPCG(p.Config.Seed, mctsStream)),
		reach: math.Max(p.Config.Step, min(mctsReach, p.Config.ExtendDist, diag/10)),
		depth: 5,
	}
	if turnRadius(p.Model) == 0 {
		m.depth = 50 // the reference's multirotor setting
	}
	m.roll = make([]reward.Delta, m.depth)
	return m, nil
}

// Replan implements Replanner.
func (m *mcts) Replan(ctx context.Context, start motion.Pose, budget Budget, grid *belief.Grid, term Termination) (Result, error) {
	if err := budget.Validate(); err != nil {
		return Result{}, fmt.Errorf("planner: %w", err)
	}
	if err := sameGeometry(m.prob.Grid, grid); err != nil {
		return Result{}, err
	}
	if !finitePose(start) {
		return Result{}, fmt.Errorf("planner: start pose %v is not finite", start)
	}
	m.ev.SetGrid(grid)
	m.distLimit, m.timeLimit = budget.distanceLimit(), budget.timeLimit()
	start.Heading = motion.WrapPi(start.Heading)
	clear(m.nodes)
	root := mnode{pose: start, goal: start, parent: -1, nStates: 1}
	root.gain = m.ev.Gain(nil, reward.Visit{Pose: start}, &m.scratch)
	root.delta = m.scratch.Clone()
	root.closing = m.nearBudget(0, 0)
	m.nodes = append(m.nodes[:0], root)
	m.maxReturn, m.sims = 0, 0
	it := 0
	for ; !term.Done(it); it++ {
		if err := ctx.Err(); err != nil {
			return m.result(it), fmt.Errorf("planner: replan cancelled after %d iterations: %w", it, err)
		}
		for range mctsBatch {
			m.simulate()
		}
	}
	return m.result(it), nil
}

func (m *mcts) nearBudget(cost, time float64) bool {
	step := m.prob.Config.Step
	return m.distLimit-cost < step || m.timeLimit-time < step/m.prob.Model.Speed()
}

// simulate runs one selection, expansion, rollout and backup.
func (m *mcts) simulate() {
	m.sims++
	m.visited = append(m.visited[:0], 0)
	id := int32(0)
	for {
		n := &m.nodes[id]
		if !n.expanded {
			if n.visits == 0 && id != 0 || n.closing {
				break
			}
			m.expand(id)
			n = &m.nodes[id]
		}
		if n.nChildren == 0 {
			break
		}
		id = m.selectChild(id)
		m.visited = append(m.visited, id)
	}
	g := m.rollout(id)
	// Back up: a node's return is its own gain plus its descendants'.
	for i := len(m.visited) - 1; i >= 0; i-- {
		n := &m.nodes[m.visited[i]]
		g += n.gain
		n.visits++
		n.total += g
		if i > 0 {
			m.maxReturn = math.Max(m.maxReturn, g)
		}
	}
}

// selectChild is UCB1 over the children of id: an unvisited child first,
// else the highest mean return (normalised by the largest seen) plus the
// exploration bonus.
func (m *mcts) selectChild(id int32) int32 {
	n := &m.nodes[id]
	best, bestScore := int32(-1), math.Inf(-1)
	logN := math.Log(float64(max(n.visits, 1)))
	for c := n.first; c < n.first+n.nChildren; c++ {
		ch := &m.nodes[c]
		if ch.visits == 0 {
			return c
		}
		q := 0.0
		if m.maxReturn > 0 {
			q = ch.total / float64(ch.visits) / m.maxReturn
		}
		if s := q + mctsExploration*math.Sqrt(logN/float64(ch.visits)); s > bestScore {
			best, bestScore = c, s
		}
	}
	return best
}

// primitive is action a's target from pose q (model §5.3), at the
// mission's flight altitude like every other planner's viewpoints (the
// reference keeps the current altitude, so from a high start it searched
// with a footprint several times larger than the mission asked for).
func (m *mcts) primitive(q motion.Pose, a int) motion.Pose {
	const nA = mctsActions / 2
	ai := a % nA
	psi := motion.WrapPi(q.Heading - 2*math.Pi/3 + (4*math.Pi/3)*float64(ai)/float64(nA-1))
	d := m.reach
	if a >= nA {
		d *= 3
	}
	sin, cos := math.Sincos(psi)
	t := motion.Pose{Heading: psi}
	t.X, t.Y, t.Z = q.X+d*cos, q.Y+d*sin, m.prob.Altitude
	return t
}

// branchOf lists the deltas of id and its ancestors, nearest first.
func (m *mcts) branchOf(dst []*reward.Delta, id int32) []*reward.Delta {
	for ; id >= 0; id = m.nodes[id].parent {
		dst = append(dst, m.nodes[id].delta)
	}
	return dst
}

// edge steers the action from node at (pose, cost, time) toward target and
// scores it on branch; ok is false when no edge long enough is left.
func (m *mcts) edge(pose motion.Pose, cost, time float64, target motion.Pose, branch []*reward.Delta, out *reward.Delta) (gain float64, ok bool) {
	if !cutEdge(&m.prob, &m.path, pose, target, m.prob.Config.Step, math.Inf(1), m.distLimit-cost, m.timeLimit-time) {
		return 0, false
	}
	return m.ev.Gain(branch, edgeVisit(&m.path, time), out), true
}

// expand adds every action of id as a child.
func (m *mcts) expand(id int32) {
	m.nodes[id].expanded = true
	m.nodes[id].first = int32(len(m.nodes))
	m.branch = m.branchOf(m.branch[:0], id)
	for a := range mctsActions {
		p := m.nodes[id]
		target := m.primitive(p.pose, a)
		gain, ok := m.edge(p.pose, p.cost, p.time, target, m.branch, &m.scratch)
		if !ok {
			continue
		}
		last := len(m.path.States) - 1
		end := m.path.States[last]
		end.Heading = motion.WrapPi(end.Heading)
		ch := mnode{
			pose: end, goal: target, parent: id, nStates: int32(last + 1),
			cost: p.cost + m.path.Dist[last], time: p.time + m.path.Time[last],
			gain: gain, delta: m.scratch.Clone(),
		}
		ch.closing = m.nearBudget(ch.cost, ch.time)
		m.nodes = append(m.nodes, ch)
		m.nodes[id].nChildren++
	}
}

// rollout flies up to depth random actions from id and returns their gain
// on id's branch belief.
func (m *mcts) rollout(id int32) float64 {
	n := m.nodes[id]
	m.branch = m.branchOf(m.branch[:0], id)
	pose, cost, time := n.pose, n.cost, n.time
	total := 0.0
	for d := 0; d < m.depth && !m.nearBudget(cost, time); d++ {
		target := m.primitive(pose, m.rng.IntN(mctsActions))
		gain, ok := m.edge(pose, cost, time, target, m.branch, &m.roll[d])
		if !ok {
			continue
		}
		total += gain
		last := len(m.path.States) - 1
		pose = m.path.States[last]
		pose.Heading = motion.WrapPi(pose.Heading)
		cost, time = cost+m.path.Dist[last], time+m.path.Time[last]
		m.branch = append(m.branch, nil)
		copy(m.branch[1:], m.branch)
		m.branch[0] = &m.roll[d]
	}
	return total
}

// result follows the children of highest mean return from the root.
func (m *mcts) result(iterations int) Result {
	chain := []int32{0}
	for id := int32(0); ; {
		n := &m.nodes[id]
		best, bestQ := int32(-1), math.Inf(-1)
		for c := n.first; c < n.first+n.nChildren; c++ {
			ch := &m.nodes[c]
			if ch.visits > 0 && ch.total/float64(ch.visits) > bestQ {
				best, bestQ = c, ch.total/float64(ch.visits)
			}
		}
		if best < 0 {
			break
		}
		chain = append(chain, best)
		id = best
	}
	root := &m.nodes[0]
	res := Result{Samples: m.sims, Iterations: iterations, TreeSize: len(m.nodes)}
	res.Path = []motion.Pose{root.pose}
	res.Dist, res.Time = []float64{0}, []float64{0}
	res.Reward = root.gain
	for _, id := range chain[1:] {
		n := &m.nodes[id]
		par := &m.nodes[n.parent]
		if err := m.prob.Model.Steer(&m.path, par.pose, n.goal, m.prob.Config.Step); err != nil {
			panic(fmt.Sprintf("planner: mcts edge %v → %v no longer steers: %v", par.pose, n.goal, err))
		}
		m.path.Truncate(int(n.nStates))
		seg := make([]motion.Pose, len(m.path.States))
		for i, s := range m.path.States {
			s.Heading = motion.WrapPi(s.Heading)
			seg[i] = s
		}
		res.Segments = append(res.Segments, seg)
		res.Path = append(res.Path, seg[1:]...)
		for i := 1; i < len(seg); i++ {
			res.Dist = append(res.Dist, par.cost+m.path.Dist[i])
			res.Time = append(res.Time, par.time+m.path.Time[i])
		}
		res.Reward += n.gain
		res.Cost, res.Duration = n.cost, n.time
	}
	return res
}

package planner

import (
	"context"
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// Replanner is what the online loop drives: the IA-TIGRIS tree (*Planner)
// and every baseline. Replan plans from start within budget on the belief
// grid (read, never written; it must have the geometry of Problem.Grid) until
// term is done, and returns the plan as a Result whose Segments end at the
// nodes a later replan may start from (Online.NextStart picks one). If ctx is
// cancelled first, Replan returns the plan so far with ctx's error.
type Replanner interface {
	Replan(ctx context.Context, start motion.Pose, budget Budget, grid *belief.Grid, term Termination) (Result, error)
}

// Build returns the planner that Problem.Config.Kind names: the tree
// planner of New for ia-tigris and tigris (the tree rebuilt every replan),
// else a baseline of model §5, fixed where the reference is wrong:
//
//   - greedy flies, one leg per iteration, to the viewpoint of the cell with
//     the best expected gain (at the nominal slant range, on the belief its
//     plan so far leaves) per metre of flyable path, over every cell of a
//     concave area;
//   - random flies, one leg per iteration, to the viewpoint of a point drawn
//     uniformly inside the bounds;
//   - mcts runs UCT over ten motion primitives with random rollouts, 16
//     simulations per iteration, a node's value being only its own gain (no
//     double counting), and follows the best mean return;
//   - lawnmower sweeps the polygon, concave parts included, in passes a
//     footprint width apart, continuing its route from replan to replan
//     until the budget ends; it ignores the belief and the termination.
//
// Every planner steers with the problem's motion model, cuts its edges by
// the budget and the validator, scores them with the problem's reward as
// a branch of the tree would be (so Result.Reward is comparable across
// kinds), and draws its random numbers from Config.Seed.
func Build(p Problem) (Replanner, error) {
	if err := p.Config.Validate(); err != nil {
		return nil, err
	}
	switch p.Config.Kind {
	case KindIATigris, KindTigris:
		return New(p)
	case KindGreedy:
		return newGreedy(p)
	case KindRandom:
		return newRandom(p)
	case KindLawnmower:
		return newLawnmower(p)
	default: // KindMCTS: Validate admits no other kind
		return newMCTS(p)
	}
}

// chain is what the path-following baselines share: a plan grown one leg
// at a time from the start pose, each leg steered by the motion model, cut
// by the budget and the validator, and scored on the belief its
// predecessors left (the reward of a tree branch, model §3.6).
type chain struct {
	prob    Problem
	step    float64
	ev      *reward.Evaluator
	path    motion.Path
	scratch reward.Delta
	branch  []*reward.Delta
	legs    []leg

	distLimit, timeLimit float64
	legsTried            int // legs attempted this replan, kept or not
}

// leg is one node of a chain and the edge into it.
type leg struct {
	states     []motion.Pose // the edge, its parent's pose first (the root: its pose only)
	dist, time []float64     // from the chain's start to each state
	gain       float64
	reward     float64 // cumulative
	delta      *reward.Delta
}

func (l *leg) end() motion.Pose { return l.states[len(l.states)-1] }
func (l *leg) cost() float64    { return l.dist[len(l.dist)-1] }
func (l *leg) elapsed() float64 { return l.time[len(l.time)-1] }

// newChain validates what every baseline needs of the problem.
func newChain(p Problem) (*chain, error) {
	switch {
	case p.Model == nil:
		return nil, errors.New("planner: no motion model")
	case p.Grid == nil || p.Sensor == nil:
		return nil, errors.New("planner: no grid or sensor")
	case !positive(p.Altitude):
		return nil, fmt.Errorf("planner: altitude must be > 0, got %v", p.Altitude)
	}
	if err := p.Config.Validate(); err != nil {
		return nil, err
	}
	if err := p.Budget.Validate(); err != nil {
		return nil, err
	}
	ev, err := reward.NewEvaluator(p.Grid, p.Sensor, p.Reward)
	if err != nil {
		return nil, fmt.Errorf("planner: %w", err)
	}
	return &chain{prob: p, step: p.Config.Step, ev: ev}, nil
}

// begin checks a replan's arguments and plants the root at start.
func (c *chain) begin(start motion.Pose, budget Budget, grid *belief.Grid) error {
	if err := budget.Validate(); err != nil {
		return fmt.Errorf("planner: %w", err)
	}
	if err := sameGeometry(c.prob.Grid, grid); err != nil {
		return err
	}
	if !finitePose(start) {
		return fmt.Errorf("planner: start pose %v is not finite", start)
	}
	c.ev.SetGrid(grid)
	c.distLimit, c.timeLimit = budget.distanceLimit(), budget.timeLimit()
	start.Heading = motion.WrapPi(start.Heading)
	gain := c.ev.Gain(nil, reward.Visit{Pose: start}, &c.scratch)
	c.legs = append(c.legs[:0], leg{
		states: []motion.Pose{start}, dist: []float64{0}, time: []float64{0},
		gain: gain, reward: gain, delta: c.scratch.Clone(),
	})
	c.legsTried = 0
	return nil
}

// sameGeometry is the planner's grid check for the baselines.
func sameGeometry(ref, g *belief.Grid) error {
	return (&Planner{prob: Problem{Grid: ref}}).checkGrid(g)
}

func (c *chain) last() *leg { return &c.legs[len(c.legs)-1] }

// exhausted reports whether less than one step of budget is left.
func (c *chain) exhausted() bool {
	l := c.last()
	return c.distLimit-l.cost() < c.step || c.timeLimit-l.elapsed() < c.step/c.prob.Model.Speed()
}

// extend flies a leg from the chain's end toward goal, cut before the state
// that would reach maxDist or exhaust the budget and before the first piece
// the validator rejects, and appends it unless it is shorter than minEdge.
// It reports whether a leg was appended.
func (c *chain) extend(goal motion.Pose, maxDist float64) bool {
	c.legsTried++
	from := c.last()
	path := &c.path
	if !cutEdge(&c.prob, path, from.end(), goal, c.step, maxDist, c.distLimit-from.cost(), c.timeLimit-from.elapsed()) {
		return false
	}
	c.branch = c.branch[:0]
	for i := len(c.legs) - 1; i >= 0; i-- {
		c.branch = append(c.branch, c.legs[i].delta)
	}
	gain := c.ev.Gain(c.branch, edgeVisit(path, from.elapsed()), &c.scratch)
	n := len(path.States)
	l := leg{
		states: make([]motion.Pose, n), dist: make([]float64, n), time: make([]float64, n),
		gain: gain, reward: from.reward + gain, delta: c.scratch.Clone(),
	}
	for i, s := range path.States {
		s.Heading = motion.WrapPi(s.Heading)
		l.states[i] = s
		l.dist[i] = from.cost() + path.Dist[i]
		l.time[i] = from.elapsed() + path.Time[i]
	}
	l.states[0] = from.end()
	c.legs = append(c.legs, l)
	return true
}

// result is the chain as a Result.
func (c *chain) result(iterations, treeSize int) Result {
	end := c.last()
	res := Result{
		Reward: end.reward, Cost: end.cost(), Duration: end.elapsed(),
		Samples: len(c.legs) - 1, Iterations: iterations, TreeSize: treeSize,
	}
	root := &c.legs[0]
	res.Path = append(res.Path, root.states[0])
	res.Dist = append(res.Dist, 0)
	res.Time = append(res.Time, 0)
	for i := 1; i < len(c.legs); i++ {
		l := &c.legs[i]
		res.Segments = append(res.Segments, append([]motion.Pose(nil), l.states...))
		res.Path = append(res.Path, l.states[1:]...)
		res.Dist = append(res.Dist, l.dist[1:]...)
		res.Time = append(res.Time, l.time[1:]...)
	}
	return res
}

// cutEdge steers from → goal into path and cuts it much like a tree edge
// (see Planner.steer): before the state that would reach maxDist or go past
// remD metres or remT seconds, then before the first piece the validator
// rejects. Unlike the tree, whose nodes stop short of the budget, a baseline
// may spend its budget to the last state (≤ remD, ≤ remT). It reports
// whether an edge of at least minEdge is left.
func cutEdge(p *Problem, path *motion.Path, from, goal motion.Pose, step, maxDist, remD, remT float64) bool {
	if err := p.Model.Steer(path, from, goal, step); err != nil || len(path.States) < 2 {
		return false
	}
	n := 1
	for n < len(path.States) && path.Dist[n] < maxDist && path.Dist[n] <= remD && path.Time[n] <= remT {
		n++
	}
	path.Truncate(n)
	if bad := p.Validator.FirstInvalid(path); bad < len(path.States) {
		path.Truncate(bad)
	}
	return path.Length() >= minEdge
}

// edgeVisit is what the end of path observes, t0 seconds after the root:
// its pose, the straight it sweeps and its states (the planner's Score
// passes the same).
func edgeVisit(path *motion.Path, t0 float64) reward.Visit {
	pose := path.States[len(path.States)-1]
	pose.Heading = motion.WrapPi(pose.Heading)
	straight, has := longestStraight(path)
	return reward.Visit{
		Pose: pose, Straight: straight, HasStraight: has, Time: t0 + path.Duration(),
		Turning: endsInTurn(path), Edge: path.States,
	}
}

// viewpoint is where the camera sees target at its aim point when the
// vehicle flies at altitude z from `from` straight toward it (model §5.1):
// heading from `from` to target, pulled back from target by z/tan(decl).
func viewpoint(from motion.Pose, target r2.Vec, z, decl float64) motion.Pose {
	psi := math.Atan2(target.Y-from.Y, target.X-from.X)
	back := z / math.Tan(decl)
	sin, cos := math.Sincos(psi)
	q := motion.Pose{Heading: psi}
	q.X, q.Y, q.Z = target.X-back*cos, target.Y-back*sin, z
	return q
}

// aimDeclination is the declination below the horizon of the ray to the
// image row viewpoint_goal (0 the centre row, 1 the bottom edge).
func aimDeclination(cam belief.Camera, viewpointGoal float64) float64 {
	return cam.Pitch + viewpointGoal*cam.VFOV()/2
}

// turnRadius is the fixed-wing models' turn radius, 0 for a vehicle that
// turns in place.
func turnRadius(m motion.Model) float64 {
	switch m := m.(type) {
	case motion.Dubins:
		return m.Radius
	case *motion.Dubins:
		return m.Radius
	case motion.Trochoid:
		return m.Radius
	case *motion.Trochoid:
		return m.Radius
	}
	return 0
}

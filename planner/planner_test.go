package planner

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"

	"gonum.org/v1/gonum/spatial/r3"
	"pgregory.net/rapid"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

func replan(t tester, p *Planner, start motion.Pose, b Budget, g *belief.Grid, iters int) Result {
	t.Helper()
	res, err := p.Replan(context.Background(), start, b, g, Iterations(iters))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// checkPlan verifies what every plan must satisfy: it starts at start, ends
// at the best node, is its segments joined, fits the budget, keeps states at
// most one step apart, and every edge, steered again, stays valid.
func checkPlan(t tester, p *Planner, start motion.Pose, b Budget, res Result) {
	t.Helper()
	start.Heading = motion.WrapPi(start.Heading)
	if len(res.Path) == 0 || res.Path[0] != start {
		t.Fatalf("plan starts at %v, want %v", res.Path[:min(1, len(res.Path))], start)
	}
	if last := res.Path[len(res.Path)-1]; last != p.nodes[p.best].pose {
		t.Fatalf("plan ends at %v, want the best node %v", last, p.nodes[p.best].pose)
	}
	joined := []motion.Pose{res.Path[0]}
	for _, s := range res.Segments {
		if s[0] != joined[len(joined)-1] {
			t.Fatalf("segment starts at %v, previous ended at %v", s[0], joined[len(joined)-1])
		}
		joined = append(joined, s[1:]...)
	}
	if !slices.Equal(joined, res.Path) {
		t.Fatalf("segments join to %d states, path has %d", len(joined), len(res.Path))
	}
	if len(res.Dist) != len(res.Path) || len(res.Time) != len(res.Path) {
		t.Fatalf("%d distances and %d times for %d states", len(res.Dist), len(res.Time), len(res.Path))
	}
	if res.Cost > b.distanceLimit() || res.Duration > b.timeLimit() {
		t.Fatalf("plan of %v m, %v s exceeds the budget %+v", res.Cost, res.Duration, b)
	}
	if got := res.Dist[len(res.Dist)-1]; math.Abs(got-res.Cost) > 1e-6 {
		t.Fatalf("path length %v, cost %v", got, res.Cost)
	}
	for i := 1; i < len(res.Path); i++ {
		if d := res.Dist[i] - res.Dist[i-1]; d > p.cfg.Step+1e-6 || d < 0 {
			t.Fatalf("states %d and %d are %v m apart (step %v)", i-1, i, d, p.cfg.Step)
		}
	}
	for q := p.best; q > 0; q = p.nodes[q].parent {
		n := &p.nodes[q]
		var path motion.Path
		if err := p.prob.Model.Steer(&path, p.nodes[n.parent].pose, n.goal, p.cfg.Step); err != nil {
			t.Fatal(err)
		}
		path.Truncate(int(n.nStates))
		if bad := p.prob.Validator.FirstInvalid(&path); bad != len(path.States) {
			t.Fatalf("edge into node %d is invalid from state %d", q, bad)
		}
	}
}

func TestPlanFixedWing(t *testing.T) {
	m := fixedWing()
	p, prob := m.planner(t)
	res := replan(t, p, m.start, m.budget, prob.Grid, 20)
	checkPlan(t, p, m.start, m.budget, res)
	if res.Reward <= 0 || res.TreeSize < 100 || res.Samples == 0 || res.Iterations != 20 {
		t.Fatalf("reward %v, tree %d, samples %d, iterations %d", res.Reward, res.TreeSize, res.Samples, res.Iterations)
	}
}

func TestPlanMultirotorWithHorizon(t *testing.T) {
	m := small()
	m.vehicle = motion.Config{Kind: motion.KindMultirotor, Speed: 5, Altitude: 30, YawRate: 90}
	m.start.Z = 30
	m.pitchDeg = 90
	m.cfg.ViewpointGoal = 0
	m.cfg.ExtendDist, m.cfg.ExtendRadius, m.cfg.PruneRadius = 3000, 3001, 3000
	m.budget = Budget{Distance: 2400, Horizon: 600}
	p, prob := m.planner(t)
	res := replan(t, p, m.start, m.budget, prob.Grid, 50)
	checkPlan(t, p, m.start, m.budget, res)
	if res.Cost > 600 {
		t.Fatalf("plan of %v m ignores the 600 m horizon", res.Cost)
	}
}

func TestTimeBudget(t *testing.T) {
	m := small()
	m.budget = Budget{Time: 60} // 1500 m at 25 m/s
	p, prob := m.planner(t)
	res := replan(t, p, m.start, m.budget, prob.Grid, 40)
	checkPlan(t, p, m.start, m.budget, res)
	if res.Duration > 60 || res.Duration < 30 {
		t.Fatalf("plan takes %v s of a 60 s budget", res.Duration)
	}
}

func TestDominancePruning(t *testing.T) {
	m := small()
	p, prob := m.planner(t)
	replan(t, p, m.start, m.budget, prob.Grid, 0)
	root := p.nodes[0]
	at := func(dx float64) motion.Pose {
		q := root.pose
		q.X += dx
		return q
	}
	// Each case is tried against a tree of the root and one node B at
	// 100 m east with cost 100 and reward root+5.
	for _, tc := range []struct {
		name         string
		pose         motion.Pose
		cost, reward float64
		kept         bool
	}{
		{"worse than the root", at(10), 10, root.reward - 1, false},
		{"as good as the root, dearer", at(10), 10, root.reward, false},
		{"better than the root", at(10), 10, root.reward + 1, true},
		{"dominated by B: dearer, same reward", at(120), 150, root.reward + 5, false},
		{"dominated by B: same cost, less reward", at(120), 100, root.reward + 4, false},
		{"equal to B", at(100), 100, root.reward + 5, false},
		{"cheaper than B, less reward", at(120), 90, root.reward + 4, true},
		{"dearer than B, more reward", at(120), 150, root.reward + 6, true},
		{"worse than B but beyond prune_radius", at(100 + p.cfg.PruneRadius + 1), 150, root.reward + 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			replan(t, p, m.start, m.budget, prob.Grid, 0)
			b := candidate{node: node{pose: at(100), parent: 0, cost: 100, reward: root.reward + 5}}
			if !p.tryAdd(&b) {
				t.Fatal("B was rejected")
			}
			c := candidate{node: node{pose: tc.pose, parent: 0, cost: tc.cost, reward: tc.reward}}
			before := len(p.nodes)
			if got := p.tryAdd(&c); got != tc.kept || len(p.nodes) != before+btoi(tc.kept) {
				t.Fatalf("kept = %v (tree %d → %d), want %v", got, before, len(p.nodes), tc.kept)
			}
		})
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// subtree lists the ids of the subtree of node root, in id order.
func subtree(nodes []node, root int32) []int32 {
	in := map[int32]bool{root: true}
	out := []int32{root}
	for i := root + 1; i < int32(len(nodes)); i++ {
		if in[nodes[i].parent] {
			in[i] = true
			out = append(out, i)
		}
	}
	return out
}

// chainVisits lists the visits from the root to node id, as a from-scratch
// evaluation replays them.
func chainVisits(p *Planner, id int32) []reward.Visit {
	var vs []reward.Visit
	for q := id; q >= 0; q = p.nodes[q].parent {
		vs = append(vs, p.visit(&p.nodes[q]))
	}
	slices.Reverse(vs)
	return vs
}

func TestRecycleKeepsTheMatchedSubtree(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(g *belief.Grid)
	}{
		{"belief unchanged", func(*belief.Grid) {}},
		{"every other cell explored", func(g *belief.Grid) {
			for k := range g.Prob {
				if k%2 == 0 {
					g.Prob[k] *= 0.3
				}
			}
		}},
		{"one corner explored", func(g *belief.Grid) {
			for i := range g.Rows / 3 {
				for j := range g.Cols / 3 {
					g.Prob[g.Index(i+g.Rows/3, j+g.Cols/3)] *= 0.2
				}
			}
		}},
		{"priority and sensor model changed", func(g *belief.Grid) {
			g.Priority[g.Index(g.Rows/2, g.Cols/2)] = 3
			g.Model[g.Index(g.Rows/2+1, g.Cols/2)] = 2
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testRecycle(t, small(), 40, Budget{Distance: 1500}, tc.change)
			testRecycle(t, fixedWing(), 40, Budget{Distance: 6000}, tc.change)
		})
	}
	// With a time decay every node's time from the root changes, and so
	// does its gain.
	t.Run("time decay", func(t *testing.T) {
		m := fixedWing()
		m.decay = reward.TimeDecay{Slope: -0.002, Floor: 0.5}
		testRecycle(t, m, 40, Budget{Distance: 6000}, func(*belief.Grid) {})
	})
}

func testRecycle(t *testing.T, m mission, iters int, budget Budget, change func(*belief.Grid)) {
	p, prob := m.planner(t)
	res := replan(t, p, m.start, m.budget, prob.Grid, iters)
	if len(res.Segments) < 3 {
		t.Fatalf("best path of %d edges; need 3", len(res.Segments))
	}
	// The new start: the end of the best path's second edge.
	start := res.Segments[1][len(res.Segments[1])-1]
	var match int32 = -1
	for q := p.best; q >= 0; q = p.nodes[q].parent {
		if p.nodes[q].pose == start {
			match = q
		}
	}
	type key struct{ pose, parent motion.Pose }
	keyOf := func(nodes []node, i int32) key {
		k := key{pose: nodes[i].pose}
		if nodes[i].parent >= 0 {
			k.parent = nodes[nodes[i].parent].pose
		}
		return k
	}
	// A smaller budget drops the deep nodes whose cost from the new root
	// exceeds it, each with its own subtree only.
	matchCost := p.nodes[match].cost
	var want []key
	for _, i := range subtree(p.nodes, match) {
		ok := true
		for q := i; q != match; q = p.nodes[q].parent {
			ok = ok && p.nodes[q].cost-matchCost <= budget.Distance
		}
		if ok && i != match {
			want = append(want, keyOf(p.nodes, i))
		}
	}
	dropped := len(subtree(p.nodes, match)) - 1 - len(want)

	grid := prob.Grid.Clone()
	change(grid)
	res2 := replan(t, p, start, budget, grid, 0)
	var got []key
	for i := int32(1); i < int32(len(p.nodes)); i++ {
		got = append(got, keyOf(p.nodes, i))
	}
	if p.nodes[0].pose != start || p.nodes[0].parent != -1 || p.nodes[0].cost != 0 {
		t.Fatalf("root %+v, want the matched node at cost 0", p.nodes[0])
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("recycled tree has %d nodes, want the %d of the matched subtree within budget", len(got), len(want))
	}
	if dropped == 0 {
		t.Fatal("the budget cut nothing; the test does not exercise over-budget removal")
	}
	ev, err := reward.NewEvaluator(grid, prob.Sensor, prob.Reward)
	if err != nil {
		t.Fatal(err)
	}
	best := int32(0)
	for i := range p.nodes {
		n := &p.nodes[i]
		scratch := ev.Replay(chainVisits(p, int32(i)))
		if want := scratch[len(scratch)-1]; math.Abs(n.reward-want) > 1e-9*math.Max(1, want) {
			t.Fatalf("node %d: recycled reward %v, from scratch %v", i, n.reward, want)
		}
		if i > 0 && math.Abs(n.cost-(p.nodes[n.parent].cost+n.incCost)) > 1e-9 {
			t.Fatalf("node %d: cost %v, parent's %v + edge %v", i, n.cost, p.nodes[n.parent].cost, n.incCost)
		}
		if want := n.blocked || budget.Distance-n.cost < p.cfg.Step; n.closed != want {
			t.Fatalf("node %d at cost %v: closed %v, want %v", i, n.cost, n.closed, want)
		}
		if n.reward > p.nodes[best].reward {
			best = int32(i)
		}
	}
	if p.best != best || res2.Reward != p.nodes[best].reward {
		t.Fatalf("best node %d (reward %v), want %d", p.best, res2.Reward, best)
	}
	if id, d := p.index.nearest(start); id != 0 || d != 0 {
		t.Fatalf("nearest to the recycled root is %d at %v: the root must stay in the index", id, d)
	}
	if p.index.len() != len(p.nodes) {
		t.Fatalf("index holds %d nodes, tree %d", p.index.len(), len(p.nodes))
	}
	checkPlan(t, p, start, budget, res2)
}

func TestNodeBoxesHoldTheirObservations(t *testing.T) {
	m := fixedWing()
	p, prob := m.planner(t)
	replan(t, p, m.start, m.budget, prob.Grid, 15)
	for i, n := range p.nodes {
		for k := range n.delta.Len() {
			idx, _ := n.delta.Cell(k)
			ci, cj := int32(idx/prob.Grid.Cols), int32(idx%prob.Grid.Cols)
			if ci < n.box.i0 || ci > n.box.i1 || cj < n.box.j0 || cj > n.box.j1 {
				t.Fatalf("node %d observed cell (%d, %d) outside its box %+v", i, ci, cj, n.box)
			}
		}
	}
}

func TestRecycledRootDropsItsFlownStraight(t *testing.T) {
	m := small()
	p, prob := m.planner(t)
	res := replan(t, p, m.start, m.budget, prob.Grid, 30)
	start := res.Path[len(res.Path)-1]
	replan(t, p, start, m.budget, prob.Grid, 0)
	root := p.nodes[0]
	if root.hasStraight || root.nStates != 1 {
		t.Fatalf("recycled root keeps its edge: %+v", root)
	}
	ev, _ := reward.NewEvaluator(prob.Grid, prob.Sensor, prob.Reward)
	var d reward.Delta
	if want := ev.Gain(nil, reward.Visit{Pose: root.pose}, &d); root.reward != want {
		t.Fatalf("root reward %v, want its footprint alone %v", root.reward, want)
	}
}

func TestTigrisRebuildsEveryReplan(t *testing.T) {
	m := small()
	m.cfg.Kind = KindTigris
	p, prob := m.planner(t)
	res := replan(t, p, m.start, m.budget, prob.Grid, 20)
	next := res.Segments[0][len(res.Segments[0])-1]
	if res = replan(t, p, next, m.budget, prob.Grid, 0); res.TreeSize != 1 {
		t.Fatalf("tigris kept %d nodes", res.TreeSize)
	}
}

func TestStartOffThePlanResetsTheTree(t *testing.T) {
	m := small()
	p, prob := m.planner(t)
	replan(t, p, m.start, m.budget, prob.Grid, 20)
	off := m.start
	off.X += 1
	if res := replan(t, p, off, m.budget, prob.Grid, 0); res.TreeSize != 1 {
		t.Fatalf("a start on no node kept %d nodes", res.TreeSize)
	}
}

func TestSameSeedSamePlan(t *testing.T) {
	m := fixedWing()
	var first Result
	for _, workers := range []int{1, 2, 3} {
		m.cfg.Workers = workers
		p, prob := m.planner(t)
		res := replan(t, p, m.start, m.budget, prob.Grid, 12)
		// and a recycled replan on top
		res2 := replan(t, p, res.Segments[0][len(res.Segments[0])-1], Budget{Distance: 14000}, prob.Grid, 4)
		res.Segments = append(res.Segments, res2.Path)
		if workers == 1 {
			first = res
			continue
		}
		if !reflect.DeepEqual(res, first) {
			t.Fatalf("workers=%d: reward %v, tree %d; workers=1: reward %v, tree %d", workers, res.Reward, res.TreeSize, first.Reward, first.TreeSize)
		}
	}
	m.cfg.Workers, m.cfg.Seed = 1, 2
	p, prob := m.planner(t)
	if res := replan(t, p, m.start, m.budget, prob.Grid, 12); reflect.DeepEqual(res.Path, first.Path) {
		t.Fatal("another seed gave the same plan")
	}
}

func TestZeroBeliefStillPlans(t *testing.T) {
	for _, name := range []string{"all zero", "empty grid layers"} {
		t.Run(name, func(t *testing.T) {
			m := small()
			p, prob := m.planner(t)
			g := prob.Grid.Clone()
			clear(g.Prob)
			if name == "empty grid layers" {
				clear(g.Priority)
			}
			res := replan(t, p, m.start, m.budget, g, 20)
			checkPlan(t, p, m.start, m.budget, res)
			if res.Reward != 0 || res.TreeSize < 2 {
				t.Fatalf("reward %v, tree %d: want a zero-reward plan that still explores", res.Reward, res.TreeSize)
			}
		})
	}
}

func TestSamplerFallsBackInsideBounds(t *testing.T) {
	m := small()
	m.bounds = pts(0, 0, 1000, 0, 1000, 1000, 500, 400, 0, 1000) // concave: a notch from the top
	p, prob := m.planner(t)
	g := prob.Grid.Clone()
	clear(g.Prob)
	p.workers[0].ev.SetGrid(g)
	p.sampler.build(p.workers[0].ev, g, m.start, m.budget, m.budget.distanceLimit())
	for range 2000 {
		k := sortSearch(p.sampler.weights, p.rng.Float64()*p.sampler.total)
		c := g.Center(k/g.Cols, k%g.Cols)
		if !g.Bounds.ContainsInclusive(c) {
			t.Fatalf("drew cell centre %v outside the bounds", c)
		}
	}
}

func sortSearch(cum []float64, u float64) int {
	k, _ := slices.BinarySearchFunc(cum, u, func(c, u float64) int {
		if c > u {
			return 1
		}
		return -1
	})
	return k
}

func TestSampledPoses(t *testing.T) {
	m := small()
	m.vehicle.AltitudeMin, m.vehicle.AltitudeMax = ptr(40.0), ptr(70.0)
	p, prob := m.planner(t)
	p.sampler.build(p.workers[0].ev, prob.Grid, m.start, m.budget, m.budget.distanceLimit())
	cam := prob.Sensor.Camera
	decl := cam.Pitch + p.cfg.ViewpointGoal*cam.VFOV()/2
	lo, hi := math.Inf(1), math.Inf(-1)
	for range 5000 {
		s := p.sampler.draw(p.rng)
		lo, hi = math.Min(lo, s.Z), math.Max(hi, s.Z)
		if s.Heading < -math.Pi || s.Heading >= math.Pi {
			t.Fatalf("heading %v outside [-π, π)", s.Heading)
		}
		// The aim point, altitude/tan(decl) ahead, is a cell centre of the prior.
		back := s.Z / math.Tan(decl)
		aim := geom.Point{X: s.X + back*math.Cos(s.Heading), Y: s.Y + back*math.Sin(s.Heading)}
		i, j, ok := prob.Grid.CellOf(aim.Vec())
		if !ok || prob.Grid.Prob[prob.Grid.Index(i, j)] < 0.4 {
			t.Fatalf("sample %v aims at %v, not at a prior cell", s, aim)
		}
	}
	if lo < 40 || hi > 70 || hi-lo < 25 {
		t.Fatalf("sampled altitudes span [%v, %v], want most of [40, 70]", lo, hi)
	}
}

func TestContextStops(t *testing.T) {
	m := small()
	p, prob := m.planner(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := p.Replan(context.Background(), m.start, m.budget, prob.Grid, Context(ctx))
	if err != nil || res.Iterations != 0 || len(res.Path) != 1 {
		t.Fatalf("done context as termination: %d iterations, err %v", res.Iterations, err)
	}
	res, err = p.Replan(ctx, m.start, m.budget, prob.Grid, Iterations(10))
	if !errors.Is(err, context.Canceled) || res.Iterations != 0 || len(res.Path) != 1 {
		t.Fatalf("cancelled replan: %d iterations, err %v", res.Iterations, err)
	}
}

func TestReplanRejectsBadInput(t *testing.T) {
	m := small()
	p, prob := m.planner(t)
	other, err := belief.NewGrid(belief.MapConfig{Resolution: 10, Bounds: m.bounds}, nil)
	if err != nil {
		t.Fatal(err)
	}
	nan := m.start
	nan.X = math.NaN()
	for _, tc := range []struct {
		name  string
		start motion.Pose
		b     Budget
		g     *belief.Grid
	}{
		{"no budget", m.start, Budget{}, prob.Grid},
		{"nil grid", m.start, m.budget, nil},
		{"other geometry", m.start, m.budget, other},
		{"NaN start", nan, m.budget, prob.Grid},
	} {
		if _, err := p.Replan(context.Background(), tc.start, tc.b, tc.g, Iterations(1)); err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func TestNewRejectsBadProblems(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*Problem)
	}{
		{"no model", func(p *Problem) { p.Model = nil }},
		{"no grid", func(p *Problem) { p.Grid = nil }},
		{"no sensor", func(p *Problem) { p.Sensor = nil }},
		{"bad config", func(p *Problem) { p.Config.Step = -1 }},
		{"bad budget", func(p *Problem) { p.Budget = Budget{} }},
		{"no altitude", func(p *Problem) { p.Altitude = 0 }},
		{"inverted altitudes", func(p *Problem) { p.AltitudeMin, p.AltitudeMax = 60, 40 }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prob := small().problem(t)
			tc.edit(&prob)
			if _, err := New(prob); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

// TestPlansRespectBudgetAndKeepOuts is the property: over random missions
// (vehicle, keep-outs, start, budget kind, seed), the plan never exceeds the
// budget and no edge of it enters a keep-out or leaves the bounds when asked
// to stay in.
func TestPlansRespectBudgetAndKeepOuts(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		m := small()
		if rapid.Bool().Draw(rt, "multirotor") {
			m.vehicle = motion.Config{Kind: motion.KindMultirotor, Speed: 5, Altitude: 30, YawRate: 90}
			m.pitchDeg = 90
			m.cfg.ViewpointGoal = 0
		}
		m.stay = rapid.Bool().Draw(rt, "stay")
		m.keepOut = nil
		for i := range rapid.IntRange(0, 4).Draw(rt, "zones") {
			c := geom.Point{X: rapid.Float64Range(0, 1000).Draw(rt, "cx"), Y: rapid.Float64Range(0, 1000).Draw(rt, "cy")}
			if i%2 == 0 {
				m.keepOut = append(m.keepOut, motion.KeepOut{Circle: &motion.CircleZone{Center: c, Radius: rapid.Float64Range(10, 200).Draw(rt, "r")}})
			} else {
				s := rapid.Float64Range(20, 200).Draw(rt, "side")
				m.keepOut = append(m.keepOut, motion.KeepOut{Polygon: pts(c.X, c.Y, c.X+s, c.Y, c.X, c.Y+s)})
			}
		}
		m.start = motion.Pose{
			Vec:     r3.Vec{X: rapid.Float64Range(1, 999).Draw(rt, "sx"), Y: rapid.Float64Range(1, 999).Draw(rt, "sy"), Z: 50},
			Heading: rapid.Float64Range(-math.Pi, math.Pi).Draw(rt, "heading"),
		}
		val, err := motion.NewValidator(m.keepOut, geom.PolygonOf(m.bounds), m.stay)
		if err != nil {
			rt.Fatal(err)
		}
		if !val.StateValid(m.start) {
			rt.Skip("start inside a keep-out")
		}
		switch rapid.IntRange(0, 2).Draw(rt, "budget kind") {
		case 0:
			m.budget = Budget{Distance: rapid.Float64Range(50, 3000).Draw(rt, "distance")}
		case 1:
			m.budget = Budget{Time: rapid.Float64Range(5, 200).Draw(rt, "time")}
		default:
			m.budget = Budget{Distance: rapid.Float64Range(50, 3000).Draw(rt, "distance"), Horizon: rapid.Float64Range(50, 800).Draw(rt, "horizon")}
		}
		m.cfg.Seed = rapid.Uint64().Draw(rt, "seed")
		p, prob := m.planner(rt)
		res := replan(rt, p, m.start, m.budget, prob.Grid, rapid.IntRange(1, 8).Draw(rt, "iterations"))
		checkPlan(rt, p, m.start, m.budget, res)
		for _, s := range res.Path[1:] {
			if !val.StateValid(s) {
				rt.Fatalf("state %v is in a keep-out or out of bounds", s)
			}
		}
	})
}

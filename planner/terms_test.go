package planner

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// The tests of this file pin how the planner uses the reward terms of
// package reward: the end_region term chooses the plan's end, the standoff
// term sees each edge's arcs, no_info_on_turns knows where the vehicle
// banks, revisit follows SetDetections, and a recycled tree re-scored with
// any terms equals one scored from scratch.

// field3k is the 3 km fixed-wing mission of the reward-* scenarios: a
// 20 m/s vehicle with an 80 m turn radius starting at the south edge
// heading north, a 6 km budget and a block of prior in the north.
func field3k() mission {
	m := fixedWing()
	m.bounds = pts(0, 0, 3000, 0, 3000, 3000, 0, 3000)
	m.priors = []belief.Prior{{Polygon: pts(600, 1200, 2400, 1200, 2400, 2600, 600, 2600), Probability: ptr(0.4)}}
	m.keepOut = nil
	m.vehicle = motion.Config{Kind: motion.KindFixedWing, Speed: 20, MinTurnRadius: 80, Altitude: 50}
	m.start = motion.Pose{Vec: r3.Vec{X: 1500, Y: 200, Z: 50}, Heading: math.Pi / 2}
	m.budget = Budget{Distance: 6000}
	return m
}

// withReward builds m's planner with the reward cfg.
func (m mission) withReward(tb tester, cfg reward.Config) (*Planner, Problem) {
	tb.Helper()
	prob := m.problem(tb)
	prob.Reward = cfg
	p, err := New(prob)
	if err != nil {
		tb.Fatal(err)
	}
	return p, prob
}

func xy(q motion.Pose) r2.Vec { return r2.Vec{X: q.X, Y: q.Y} }

// edgeStates steers the incoming edge of node id again, every step metres,
// cut where the node's edge ends.
func edgeStates(p *Planner, id int32, step float64) []motion.Pose {
	n := &p.nodes[id]
	var path motion.Path
	if err := p.prob.Model.Steer(&path, p.nodes[n.parent].pose, n.goal, step); err != nil {
		panic(err)
	}
	k := 1
	for k < len(path.States) && path.Dist[k] <= n.incCost+1e-9 {
		k++
	}
	return path.States[:k]
}

// bestChain is the node ids root → best.
func bestChain(p *Planner) []int32 {
	var chain []int32
	for q := p.best; q >= 0; q = p.nodes[q].parent {
		chain = append(chain, q)
	}
	slices.Reverse(chain)
	return chain
}

// fullVisits is what the nodes root → id observe, each with its edge's
// states, as score passes them.
func fullVisits(p *Planner, id int32) []reward.Visit {
	var vs []reward.Visit
	for q := id; q >= 0; q = p.nodes[q].parent {
		// The root sees from its pose only: a recycled root has flown its
		// edge.
		v := reward.Visit{Pose: p.nodes[q].pose}
		if q != 0 {
			v = p.visit(&p.nodes[q])
			var path motion.Path
			p.resteer(&path, &p.nodes[p.nodes[q].parent], &p.nodes[q])
			v.Edge = slices.Clone(path.States)
		}
		vs = append(vs, v)
	}
	slices.Reverse(vs)
	return vs
}

// checkBest verifies that the planner's best node is the best end of a plan
// over the whole tree: a node that satisfies a required end region beats
// every node that does not, then the highest reward plus bonus wins; and
// that res reports it.
func checkBest(t *testing.T, p *Planner, res Result) {
	t.Helper()
	ev := p.workers[0].ev
	best, bestVal, bestOK := int32(-1), 0.0, false
	for i := range p.nodes {
		n := &p.nodes[i]
		bonus, ok := ev.Terminal(n.pose, n.time)
		if v := n.reward + bonus; best < 0 || (ok && !bestOK) || (ok == bestOK && v > bestVal) {
			best, bestVal, bestOK = int32(i), v, ok
		}
	}
	if p.best != best || res.Reward != bestVal || res.EndOK != bestOK {
		t.Fatalf("best node %d, result reward %v ok %v; want node %d worth %v ok %v", p.best, res.Reward, res.EndOK, best, bestVal, bestOK)
	}
}

// With end_region the plan ends inside the region when it must (required)
// and when the bonus outweighs the search it gives up; without the term the
// same mission's plan ends far away. The reward reported is the best node's
// plus the bonus.
func TestEndRegionPlanEndsThere(t *testing.T) {
	m := field3k()
	home := &motion.CircleZone{Center: geom.Point{X: 1500, Y: 200}, Radius: 300}
	region := reward.Region{Circle: geom.Circle{Center: r2.Vec{X: 1500, Y: 200}, Radius: 300}}
	plain, prob := m.withReward(t, reward.Config{})
	res := replan(t, plain, m.start, m.budget, prob.Grid, 100)
	if last := res.Path[len(res.Path)-1]; region.Contains(xy(last)) {
		t.Fatalf("test setup: the entropy plan ends at %v, in the region anyway", last)
	}
	for _, tc := range []struct {
		name     string
		weight   float64
		required bool
	}{
		{"required", 50, true},
		{"bonus", 300, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, prob := m.withReward(t, reward.Config{Terms: []reward.Term{
				{Kind: reward.TermEntropy, Weight: 1},
				{Kind: reward.TermEndRegion, Weight: tc.weight, Circle: home, Required: tc.required},
			}})
			res := replan(t, p, m.start, m.budget, prob.Grid, 100)
			last := res.Path[len(res.Path)-1]
			if !region.Contains(xy(last)) || !res.EndOK {
				t.Fatalf("plan ends at %v (end ok %v), outside the region", last, res.EndOK)
			}
			if want := p.nodes[p.best].reward + tc.weight; res.Reward != want {
				t.Errorf("result reward %v, want the best node's %v plus the bonus %v", res.Reward, p.nodes[p.best].reward, tc.weight)
			}
			if !(res.Cost > m.budget.Distance/2) {
				t.Errorf("the plan flies %v m of %v: the budget should go to searching before coming back", res.Cost, m.budget.Distance)
			}
			checkBest(t, p, res)
			checkPlan(t, p, m.start, m.budget, res)
		})
	}
}

// A required region out of the budget's reach leaves no plan that
// satisfies it: the plan is the best of the others, and says so.
func TestEndRegionOutOfReach(t *testing.T) {
	m := field3k()
	m.budget = Budget{Distance: 1500}
	p, prob := m.withReward(t, reward.Config{Terms: []reward.Term{
		{Kind: reward.TermEntropy, Weight: 1},
		{Kind: reward.TermEndRegion, Weight: 10, Required: true,
			Polygon: pts(2500, 2500, 3000, 2500, 3000, 3000, 2500, 3000)},
	}})
	res := replan(t, p, m.start, m.budget, prob.Grid, 40)
	if res.EndOK {
		t.Fatalf("plan ends at %v and satisfies a region 3 km away on a 1.5 km budget", res.Path[len(res.Path)-1])
	}
	if res.Reward != p.nodes[p.best].reward || !(res.Reward > 0) {
		t.Errorf("result reward %v, best node's %v: want the node's reward and no bonus", res.Reward, p.nodes[p.best].reward)
	}
	checkBest(t, p, res)
}

// A node inside the end region is pruned only by a node that is as good an
// end: one inside the region, or, when the region only pays a bonus, one
// outside whose reward covers the bonus too. Inside nodes still prune
// outside ones by reward.
func TestEndRegionDominance(t *testing.T) {
	home := &motion.CircleZone{Center: geom.Point{X: 1500, Y: 200}, Radius: 300}
	inside := motion.Pose{Vec: r3.Vec{X: 1500, Y: 480, Z: 50}, Heading: math.Pi / 2}
	outside := motion.Pose{Vec: r3.Vec{X: 1500, Y: 560, Z: 50}, Heading: math.Pi / 2}
	type add struct {
		pose         motion.Pose
		cost, reward float64
	}
	for _, tc := range []struct {
		name      string
		required  bool
		noRegion  bool
		existing  add
		candidate add
		dominated bool
	}{
		{"no region: outside prunes inside", false, true, add{outside, 100, 20}, add{inside, 200, 5}, true},
		{"required: outside never prunes inside", true, false, add{outside, 100, 20}, add{inside, 200, 5}, false},
		{"bonus: outside short of reward+bonus", false, false, add{outside, 100, 12}, add{inside, 200, 5}, false},
		{"bonus: outside covers reward+bonus", false, false, add{outside, 100, 15}, add{inside, 200, 5}, true},
		{"required: inside prunes inside", true, false, add{inside, 100, 20}, add{inside, 200, 5}, true},
		{"required: inside prunes outside", true, false, add{inside, 100, 20}, add{outside, 200, 5}, true},
		{"required: dearer inside keeps inside", true, false, add{inside, 300, 20}, add{inside, 200, 5}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := field3k()
			var cfg reward.Config
			if !tc.noRegion {
				cfg.Terms = []reward.Term{
					{Kind: reward.TermEntropy, Weight: 1},
					{Kind: reward.TermEndRegion, Weight: 10, Circle: home, Required: tc.required},
				}
			}
			p, prob := m.withReward(t, cfg)
			// A root far from both, so only the planted nodes compete.
			replan(t, p, motion.Pose{Vec: r3.Vec{X: 100, Y: 2900, Z: 50}}, m.budget, prob.Grid, 0)
			plant := func(a add) bool {
				c := &candidate{node: node{pose: a.pose, goal: a.pose, cost: a.cost, reward: a.reward, parent: 0, nStates: 2}, ok: true}
				return p.tryAdd(c)
			}
			if !plant(tc.existing) {
				t.Fatal("the first planted node was pruned")
			}
			if added := plant(tc.candidate); added == tc.dominated {
				t.Errorf("candidate added %v, want dominated %v", added, tc.dominated)
			}
		})
	}
}

// With a standoff point on the entropy plan's way, the plan keeps out of
// the radius along every edge, arcs included: each edge steered again at a
// 1 m step stays outside.
func TestStandoffAlongFixedWingArcs(t *testing.T) {
	m := field3k()
	centre := r2.Vec{X: 1500, Y: 1000}
	const radius = 250
	closest := func(p *Planner) float64 {
		d := math.Inf(1)
		for _, id := range bestChain(p)[1:] {
			for _, s := range edgeStates(p, id, 1) {
				d = math.Min(d, r2.Norm(r2.Sub(xy(s), centre)))
			}
		}
		return d
	}
	plain, prob := m.withReward(t, reward.Config{})
	replan(t, plain, m.start, m.budget, prob.Grid, 60)
	if d := closest(plain); d >= radius {
		t.Fatalf("test setup: the entropy plan stays %v m from the point anyway", d)
	}
	p, _ := m.withReward(t, reward.Config{Terms: []reward.Term{
		{Kind: reward.TermEntropy, Weight: 1},
		{Kind: reward.TermStandoff, Weight: 200, Radius: radius, Points: []geom.Point{{X: centre.X, Y: centre.Y}}},
	}})
	res := replan(t, p, m.start, m.budget, prob.Grid, 60)
	if d := closest(p); d < radius {
		t.Errorf("the plan comes within %v m of the standoff point (radius %v)", d, radius)
	}
	checkPlan(t, p, m.start, m.budget, res)
}

// allTerms is every kind of term at once. With decay, only the detection
// term decays, by its own time_decay, so a recycle must notice the per-term
// decay; without, a recycle recomputes only the nodes the changes reach.
func allTerms(decay, detected bool) reward.Config {
	var d *reward.TimeDecay
	if decay {
		d = &reward.TimeDecay{Slope: -0.002, Floor: 0.3}
	}
	return reward.Config{Terms: []reward.Term{
		{Kind: reward.TermEntropy, Weight: 1},
		{Kind: reward.TermDetection, Weight: 3, TimeDecay: d},
		{Kind: reward.TermStandoff, Weight: 5, Radius: 400, Points: []geom.Point{{X: 1500, Y: 1000}}, Detected: detected},
		{Kind: reward.TermNoInfoOnTurns, Weight: 0.4},
		{Kind: reward.TermRevisit, Weight: 2, Radius: 60, HalfLife: 90},
		{Kind: reward.TermEndRegion, Weight: 10, Circle: &motion.CircleZone{Center: geom.Point{X: 1500, Y: 200}, Radius: 300}},
	}}
}

// checkFromScratch verifies every node's reward against the reward of its
// branch evaluated from scratch (reward.Evaluator.Replay over the branch's
// visits, each with its edge's states and turning flag) on grid with the
// detections ds at mission time now, and the planner's choice of best node.
func checkFromScratch(t *testing.T, p *Planner, res Result, grid *belief.Grid, now float64, ds []reward.Detection) {
	t.Helper()
	ev, err := reward.NewEvaluator(grid, p.prob.Sensor, p.prob.Reward)
	if err != nil {
		t.Fatal(err)
	}
	ev.SetDetections(now, ds)
	for i := range p.nodes {
		n := &p.nodes[i]
		vs := fullVisits(p, int32(i))
		if i > 0 {
			if want := endsInTurnStates(p, int32(i)); n.turning != want {
				t.Fatalf("node %d: turning %v, its edge ends in a turn: %v", i, n.turning, want)
			}
		}
		scratch := ev.Replay(vs)
		if want := scratch[len(scratch)-1]; math.Abs(n.reward-want) > 1e-9*math.Max(1, math.Abs(want)) {
			t.Fatalf("node %d (depth %d): reward %v, from scratch %v", i, len(vs)-1, n.reward, want)
		}
	}
	checkBest(t, p, res)
}

func endsInTurnStates(p *Planner, id int32) bool {
	var path motion.Path
	p.resteer(&path, &p.nodes[p.nodes[id].parent], &p.nodes[id])
	return endsInTurn(&path)
}

type nodeKey struct {
	pose   motion.Pose
	parent int32
	reward float64
}

func treeKeys(p *Planner) []nodeKey {
	ks := make([]nodeKey, len(p.nodes))
	for i, n := range p.nodes {
		ks[i] = nodeKey{n.pose, n.parent, n.reward}
	}
	return ks
}

// With every term on, node rewards equal their branches' rewards computed
// from scratch after planning and after each recycle: when a detection adds
// a standoff point (every node re-scored), when a target is detected again
// at the same place (the revisit cells re-scored), when the root moves on
// with no new detection (the revisit values fade with the nodes' mission
// times), and when a target is detected again elsewhere (the cells it left
// lose their revisit value). The tree is the same for one worker and two.
func TestRecycleWithEveryTerm(t *testing.T) {
	for _, tc := range []struct {
		name            string
		decay, detected bool
	}{
		{"term decay", true, true},
		{"standoff on detections", false, true},
		{"standoff on points", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) { testRecycleWithEveryTerm(t, tc.decay, tc.detected) })
	}
}

func testRecycleWithEveryTerm(t *testing.T, decay, detected bool) {
	var trees [][]nodeKey
	for _, workers := range []int{1, 2} {
		m := field3k()
		m.cfg.Workers = workers
		p, prob := m.withReward(t, allTerms(decay, detected))
		ds := []reward.Detection{{Pos: r2.Vec{X: 1200, Y: 1500}, Time: 5}}
		p.SetDetections(10, ds)
		res := replan(t, p, m.start, m.budget, prob.Grid, 40)
		checkFromScratch(t, p, res, prob.Grid, 10, ds)

		grid := prob.Grid.Clone()
		steps := []struct {
			now float64
			ds  []reward.Detection
			set bool
		}{
			{40, []reward.Detection{{Pos: r2.Vec{X: 1200, Y: 1500}, Time: 5}, {Pos: r2.Vec{X: 1800, Y: 2000}, Time: 35}}, true},
			{70, []reward.Detection{{Pos: r2.Vec{X: 1200, Y: 1500}, Time: 60}, {Pos: r2.Vec{X: 1800, Y: 2000}, Time: 35}}, true},
			{70, []reward.Detection{{Pos: r2.Vec{X: 1200, Y: 1500}, Time: 60}, {Pos: r2.Vec{X: 1800, Y: 2000}, Time: 35}}, false},
			{90, []reward.Detection{{Pos: r2.Vec{X: 2200, Y: 1300}, Time: 85}, {Pos: r2.Vec{X: 1800, Y: 2000}, Time: 35}}, true},
		}
		for k, st := range steps {
			if len(res.Segments) < 2 {
				t.Fatalf("step %d: best path of %d edges; need 2", k, len(res.Segments))
			}
			// The new root: the end of the first edge, or an early node
			// where the vehicle banks, whose turn the root must drop.
			chain, e := bestChain(p), 0
			for k := 1; k < len(chain)-2; k++ {
				if p.nodes[chain[k]].turning {
					e = k - 1
					break
				}
			}
			start := res.Segments[e][len(res.Segments[e])-1]
			// The vehicle's camera explored the flown edges' cells.
			for _, seg := range res.Segments[:e+1] {
				for _, q := range seg {
					if i, j, ok := grid.CellOf(xy(q)); ok {
						grid.Prob[grid.Index(i, j)] *= 0.5
					}
				}
			}
			if st.set {
				p.SetDetections(st.now, st.ds)
			}
			size := len(p.nodes)
			res = replan(t, p, start, m.budget, grid, 0)
			if len(p.nodes) == size || p.nodes[0].pose != start {
				t.Fatalf("step %d: the tree of %d nodes was not recycled at %v", k, size, start)
			}
			if p.nodes[0].turning {
				t.Fatalf("step %d: the recycled root keeps its flown edge's turn", k)
			}
			checkFromScratch(t, p, res, grid, st.now, st.ds)
		}
		trees = append(trees, treeKeys(p))
	}
	if !slices.Equal(trees[0], trees[1]) {
		t.Error("one worker and two grow different trees")
	}
}

// planTerms splits the reward of the best plan's branch by term, as ev
// (with its own detections) values it.
func planTerms(t *testing.T, p *Planner, ev *reward.Evaluator) []float64 {
	t.Helper()
	total := make([]float64, len(ev.Terms()))
	terms := make([]float64, len(ev.Terms()))
	var branch []*reward.Delta
	for _, v := range fullVisits(p, p.best) {
		d := new(reward.Delta)
		ev.GainTerms(branch, v, d, terms)
		branch = append([]*reward.Delta{d}, branch...)
		for k, x := range terms {
			total[k] += x
		}
	}
	return total
}

// no_info_on_turns at weight 1 changes nothing; at a lower weight the
// camera of the nodes where the vehicle banks earns less (and of no other
// node), and the plan's reward changes.
func TestNoInfoOnTurnsChangesThePlan(t *testing.T) {
	m := field3k()
	plan := func(cfg reward.Config) (Result, *Planner) {
		p, prob := m.withReward(t, cfg)
		return replan(t, p, m.start, m.budget, prob.Grid, 40), p
	}
	entropy, _ := plan(reward.Config{})
	turns := func(w float64) reward.Config {
		return reward.Config{Terms: []reward.Term{{Kind: reward.TermEntropy, Weight: 1}, {Kind: reward.TermNoInfoOnTurns, Weight: w}}}
	}
	level, _ := plan(turns(1))
	if level.Reward != entropy.Reward || !slices.Equal(level.Path, entropy.Path) {
		t.Errorf("weight 1: reward %v, entropy only %v; want the same plan", level.Reward, entropy.Reward)
	}
	banked, p := plan(turns(0.2))
	if banked.Reward == entropy.Reward {
		t.Errorf("weight 0.2: reward %v, the same as entropy only", banked.Reward)
	}
	ev := p.workers[0].ev
	terms := make([]float64, 2)
	var branch []*reward.Delta
	var scratch reward.Delta
	discounted := 0
	for i := int32(1); i < int32(len(p.nodes)); i++ {
		n := &p.nodes[i]
		branch = branchOf(branch[:0], p.nodes, n.parent)
		vs := fullVisits(p, i)
		ev.GainTerms(branch, vs[len(vs)-1], &scratch, terms)
		switch {
		case n.turning && terms[1] < 0:
			discounted++
		case !n.turning && terms[1] != 0:
			t.Fatalf("node %d (turning %v): terms %v", i, n.turning, terms)
		}
	}
	if discounted == 0 {
		t.Error("no node of the tree lost value in a turn")
	}
	if parts := planTerms(t, p, ev); parts[1] > 0 || math.Abs(parts[0]+parts[1]-banked.Reward) > 1e-9*banked.Reward {
		t.Errorf("the weight-0.2 plan's terms %v; want a loss in turns and the sum %v", parts, banked.Reward)
	}
}

// After a detection the sampler favours the cells around it and the plan
// goes back to see them: the revisit part of its reward is positive, where
// the plan made without the detection never sees them.
func TestRevisitAfterDetection(t *testing.T) {
	m := field3k()
	m.priors = []belief.Prior{{Polygon: pts(0, 0, 3000, 0, 3000, 3000, 0, 3000), Probability: ptr(0.02)}}
	m.budget = Budget{Distance: 4000}
	cfg := reward.Config{Terms: []reward.Term{
		{Kind: reward.TermEntropy, Weight: 1},
		{Kind: reward.TermRevisit, Weight: 20, Radius: 90, HalfLife: 600},
	}}
	target := r2.Vec{X: 2600, Y: 2600}
	ds := []reward.Detection{{Pos: target, Time: 0}}
	near := func(g *belief.Grid, k int) bool { return r2.Norm(r2.Sub(g.Center(k/g.Cols, k%g.Cols), target)) <= 90 }
	// density is the mean sampling weight of the cells around the target
	// over that of the others.
	density := func(p *Planner) float64 {
		s := &p.sampler
		var in, out, nIn, nOut float64
		for k := range s.weights {
			w := s.weights[k]
			if k > 0 {
				w -= s.weights[k-1]
			}
			if near(s.grid, k) {
				in, nIn = in+w, nIn+1
			} else {
				out, nOut = out+w, nOut+1
			}
		}
		return (in / nIn) / (out / nOut)
	}

	plain, prob := m.withReward(t, cfg)
	replan(t, plain, m.start, m.budget, prob.Grid, 40)
	seen, err := reward.NewEvaluator(prob.Grid, prob.Sensor, cfg)
	if err != nil {
		t.Fatal(err)
	}
	seen.SetDetections(0, ds)
	if rev := planTerms(t, plain, seen)[1]; rev != 0 {
		t.Fatalf("test setup: the plan made without the detection sees its cells anyway (revisit %v)", rev)
	}
	if d := density(plain); d > 2 {
		t.Fatalf("test setup: without the detection the sampler weighs its cells %v× the others", d)
	}

	p, _ := m.withReward(t, cfg)
	p.SetDetections(0, ds)
	replan(t, p, m.start, m.budget, prob.Grid, 80)
	if d := density(p); !(d > 10) {
		t.Errorf("after the detection the sampler weighs its cells only %v× the others", d)
	}
	if rev := planTerms(t, p, p.workers[0].ev)[1]; !(rev > 0) {
		t.Errorf("the plan made after the detection does not see its cells (revisit %v)", rev)
	}
}

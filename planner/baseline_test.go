package planner

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// build returns the Replanner of kind for m.
func (m mission) build(tb tester, kind string) (Replanner, Problem) {
	tb.Helper()
	prob := m.problem(tb)
	prob.Config.Kind = kind
	r, err := Build(prob)
	if err != nil {
		tb.Fatal(err)
	}
	return r, prob
}

// checkResult checks what every planner's Result promises: the path starts
// at start, joins its segments, and stays within the budget.
func checkResult(t *testing.T, res Result, start motion.Pose, b Budget) {
	t.Helper()
	if len(res.Path) == 0 || res.Path[0] != start {
		t.Fatalf("path does not start at %v", start)
	}
	n := 1
	for i, seg := range res.Segments {
		if seg[0] != res.Path[n-1] {
			t.Fatalf("segment %d starts at %v, not at the previous node %v", i, seg[0], res.Path[n-1])
		}
		n += len(seg) - 1
	}
	if n != len(res.Path) || len(res.Dist) != n || len(res.Time) != n {
		t.Fatalf("path of %d states, dist %d, time %d; segments make %d", len(res.Path), len(res.Dist), len(res.Time), n)
	}
	if b.Distance > 0 && res.Cost > b.distanceLimit()+1e-9 {
		t.Fatalf("cost %v exceeds the budget %v", res.Cost, b.distanceLimit())
	}
	if b.Time > 0 && res.Duration > b.Time+1e-9 {
		t.Fatalf("duration %v exceeds the budget %v", res.Duration, b.Time)
	}
	if math.Abs(res.Cost-res.Dist[n-1]) > 1e-9 {
		t.Fatalf("cost %v but the path is %v long", res.Cost, res.Dist[n-1])
	}
}

func TestBuildKinds(t *testing.T) {
	m := small()
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			r, prob := m.build(t, kind)
			res, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(5))
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, res, m.start, m.budget)
			if len(res.Segments) == 0 || !(res.Reward > 0) {
				t.Fatalf("%s: %d segments, reward %v; want a plan that sees something", kind, len(res.Segments), res.Reward)
			}
		})
	}
}

func TestBuildRejects(t *testing.T) {
	m := small()
	prob := m.problem(t)
	prob.Config.Kind = "rrt"
	if _, err := Build(prob); err == nil {
		t.Fatal("unknown kind accepted")
	}
	for _, kind := range []string{KindGreedy, KindMCTS, KindRandom, KindLawnmower} {
		prob := m.problem(t)
		prob.Config.Kind = kind
		prob.Model = nil
		if _, err := Build(prob); err == nil {
			t.Fatalf("%s: no motion model accepted", kind)
		}
		r, prob := m.build(t, kind)
		other := *prob.Grid
		other.Rows--
		if _, err := r.Replan(context.Background(), m.start, m.budget, &other, Iterations(1)); err == nil {
			t.Fatalf("%s: a grid of another geometry accepted", kind)
		}
		if _, err := r.Replan(context.Background(), m.start, Budget{}, prob.Grid, Iterations(1)); err == nil {
			t.Fatalf("%s: an empty budget accepted", kind)
		}
	}
}

// TestBaselinesDeterministic: a seed reproduces a plan.
func TestBaselinesDeterministic(t *testing.T) {
	m := small()
	for _, kind := range []string{KindGreedy, KindMCTS, KindRandom, KindLawnmower} {
		var got [2]Result
		for i := range got {
			r, prob := m.build(t, kind)
			res, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(4))
			if err != nil {
				t.Fatal(err)
			}
			got[i] = res
		}
		if got[0].Reward != got[1].Reward || len(got[0].Path) != len(got[1].Path) {
			t.Fatalf("%s: two runs gave rewards %v and %v", kind, got[0].Reward, got[1].Reward)
		}
	}
}

// multirotorIn is a multirotor mission over poly with a nadir camera, no
// keep-outs and a uniform belief.
func multirotorIn(poly []geom.Point, start motion.Pose, budget float64) mission {
	cfg := DefaultConfig()
	cfg.ViewpointGoal = 0 // aim at the image centre: the nadir viewpoint is above its cell
	return mission{
		bounds:   poly,
		res:      10,
		priors:   []belief.Prior{{Polygon: poly, Probability: ptr(0.3)}},
		vehicle:  motion.Config{Kind: motion.KindMultirotor, Speed: 5, Altitude: 30},
		start:    start,
		budget:   Budget{Distance: budget},
		cfg:      cfg,
		pitchDeg: 90,
	}
}

func TestLawnmowerPassesOverRectangle(t *testing.T) {
	cam := belief.Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 2}
	w := sweepSpacing(cam, 30, 10)
	for _, tc := range []struct {
		name   string
		poly   geom.Polygon
		passes int
		alongX bool
	}{
		{"wide", geom.Polygon{{X: 0, Y: 0}, {X: 1000, Y: 0}, {X: 1000, Y: 400}, {X: 0, Y: 400}}, int(400 / w), true},
		{"tall", geom.Polygon{{X: 0, Y: 0}, {X: 300, Y: 0}, {X: 300, Y: 900}, {X: 0, Y: 900}}, int(300 / w), false},
		{"narrower than a footprint", geom.Polygon{{X: 0, Y: 0}, {X: 500, Y: 0}, {X: 500, Y: w / 2}, {X: 0, Y: w / 2}}, 1, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps := sweepPasses(tc.poly, w, w/2)
			if len(ps) != tc.passes {
				t.Fatalf("%d passes, want %d (width %.2f m)", len(ps), tc.passes, w)
			}
			for i, p := range ps {
				d := r2.Sub(p.b, p.a)
				if tc.alongX && d.Y != 0 || !tc.alongX && d.X != 0 {
					t.Fatalf("pass %d runs %v, not along the longer side", i, d)
				}
				if i > 0 {
					if gap := r2.Norm(r2.Sub(p.a, ps[i-1].a)); math.Abs(gap-w) > 1e-9 && len(ps) > 1 {
						t.Fatalf("passes %d and %d are %v apart, want %v", i-1, i, gap, w)
					}
				}
			}
		})
	}
}

func TestLawnmowerCoversRectangle(t *testing.T) {
	poly := pts(0, 0, 600, 0, 600, 300, 0, 300)
	m := multirotorIn(poly, motion.Pose{Vec: r3.Vec{X: 20, Y: 20, Z: 30}}, 1e5)
	r, prob := m.build(t, KindLawnmower)
	res, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(1))
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, res, m.start, m.budget)
	lm := r.(*lawnmower)
	want := int(300 / sweepSpacing(prob.Sensor.Camera, 30, prob.Grid.Res))
	if len(lm.passes) != want {
		t.Fatalf("%d passes, want %d", len(lm.passes), want)
	}
	// Every pass is flown: both its ends are waypoints of the plan.
	for i, p := range lm.passes {
		if !onPath(res.Path, p.a) || !onPath(res.Path, p.b) {
			t.Fatalf("pass %d (%v → %v) not flown", i, p.a, p.b)
		}
	}
	// The whole uniform area was seen: the plan's reward is close to what
	// observing every cell once would earn.
	all := 0.0
	for k, p := range prob.Grid.Prob {
		if p > 0 {
			_, gain := belief.Update(p, 0.9, 0.9)
			all += gain * prob.Grid.Priority[k]
		}
	}
	if !(res.Reward > 0.8*all) {
		t.Fatalf("reward %v, want most of the %v (upper estimate) the area holds", res.Reward, all)
	}
}

func onPath(path []motion.Pose, p r2.Vec) bool {
	for _, q := range path {
		if math.Abs(q.X-p.X) < 1e-6 && math.Abs(q.Y-p.Y) < 1e-6 {
			return true
		}
	}
	return false
}

// TestLawnmowerStaysInsideConcave flies a U-shaped area: every pass of the
// notch's two arms is flown and no piece of the path leaves the polygon.
func TestLawnmowerStaysInsideConcave(t *testing.T) {
	u := pts(0, 0, 600, 0, 600, 500, 420, 500, 420, 150, 180, 150, 180, 500, 0, 500)
	m := multirotorIn(u, motion.Pose{Vec: r3.Vec{X: 90, Y: 450, Z: 30}, Heading: -math.Pi / 2}, 1e5)
	r, prob := m.build(t, KindLawnmower)
	res, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(1))
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, res, m.start, m.budget)
	poly := prob.Grid.Bounds
	for i := 1; i < len(res.Path); i++ {
		a, b := r2.Vec{X: res.Path[i-1].X, Y: res.Path[i-1].Y}, r2.Vec{X: res.Path[i].X, Y: res.Path[i].Y}
		if !poly.Contains(b) || poly.SegmentCrossesBoundary(a, b) {
			t.Fatalf("the path leaves the polygon between %v and %v", a, b)
		}
	}
	lm := r.(*lawnmower)
	for i, p := range lm.passes {
		if !onPath(res.Path, p.a) || !onPath(res.Path, p.b) {
			t.Fatalf("pass %d not flown", i)
		}
	}
	if len(lm.passes) <= int(500/sweepSpacing(prob.Sensor.Camera, 30, prob.Grid.Res)) {
		t.Fatalf("%d passes: the arms should split the lines that cross the notch", len(lm.passes))
	}
}

// TestLawnmowerContinues: a replan from a node of the previous plan flies
// on along the route instead of starting the coverage again, and the budget
// stops it.
func TestLawnmowerContinues(t *testing.T) {
	poly := pts(0, 0, 600, 0, 600, 300, 0, 300)
	m := multirotorIn(poly, motion.Pose{Vec: r3.Vec{X: 20, Y: 20, Z: 30}}, 1500)
	r, prob := m.build(t, KindLawnmower)
	first, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(1))
	if err != nil {
		t.Fatal(err)
	}
	if first.Cost > 1500+1e-9 || first.Cost < 1500-prob.Config.Step {
		t.Fatalf("cost %v: want the 1500 m budget used", first.Cost)
	}
	mid := first.Segments[2][len(first.Segments[2])-1]
	second, err := r.Replan(context.Background(), mid, Budget{Distance: 1e5}, prob.Grid, Iterations(1))
	if err != nil {
		t.Fatal(err)
	}
	// The second plan follows the first from mid on.
	k := 0
	for first.Path[k] != mid {
		k++
	}
	for i := 0; k+i < len(first.Path)-1; i++ {
		if d := r3.Norm(r3.Sub(first.Path[k+i].Vec, second.Path[i].Vec)); d > 1e-6 {
			t.Fatalf("state %d after the restart differs by %v m", i, d)
		}
	}
}

// TestGreedyPicksBestGainPerMetre compares the branch-and-bound choice with
// scoring every cell.
func TestGreedyPicksBestGainPerMetre(t *testing.T) {
	m := small()
	m.priors = append(m.priors,
		belief.Prior{Point: &geom.Point{X: 900, Y: 900}, Probability: ptr(0.5)},
		belief.Prior{Point: &geom.Point{X: 150, Y: 700}, Probability: ptr(0.45)})
	r, prob := m.build(t, KindGreedy)
	g := r.(*greedy)
	for _, from := range []motion.Pose{m.start, {Vec: r3.Vec{X: 500, Y: 900, Z: 50}, Heading: math.Pi}, {Vec: r3.Vec{X: 950, Y: 50, Z: 80}, Heading: 2}} {
		if err := g.begin(from, m.budget, prob.Grid); err != nil {
			t.Fatal(err)
		}
		copy(g.work.Prob, prob.Grid.Prob)
		clear(g.done)
		cell, _, ok := g.pick(from)
		if !ok {
			t.Fatal("nothing picked")
		}
		best, bestK := math.Inf(-1), -1
		var path motion.Path
		for k, w := range g.weights {
			if w <= 0 {
				continue
			}
			q := viewpoint(from, prob.Grid.Center(k/prob.Grid.Cols, k%prob.Grid.Cols), g.z, g.decl)
			if err := prob.Model.Steer(&path, from, q, prob.Config.Step); err != nil {
				t.Fatal(err)
			}
			if s := w / math.Max(path.Length(), prob.Config.Step); s > best {
				best, bestK = s, k
			}
		}
		if cell != bestK {
			t.Fatalf("from %v: picked cell %d, the best gain per metre is cell %d", from, cell, bestK)
		}
	}
}

// TestGreedyConcave: cells inside a concave notch's arms, which the
// reference's convex test rejects, are chosen and seen.
func TestGreedyConcave(t *testing.T) {
	u := pts(0, 0, 600, 0, 600, 500, 420, 500, 420, 150, 180, 150, 180, 500, 0, 500)
	m := multirotorIn(u, motion.Pose{Vec: r3.Vec{X: 300, Y: 75, Z: 30}}, 3000)
	m.priors = []belief.Prior{{Polygon: pts(0, 300, 180, 300, 180, 500, 0, 500), Probability: ptr(0.45)}}
	r, prob := m.build(t, KindGreedy)
	res, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(20))
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, res, m.start, m.budget)
	inArm := false
	for _, q := range res.Path {
		inArm = inArm || (q.X < 180 && q.Y > 300)
	}
	if !inArm || !(res.Reward > 1) {
		t.Fatalf("reward %v, reached the arm: %v; want the prior in the arm searched", res.Reward, inArm)
	}
}

// TestMCTSRespectsBudget: for distance and time budgets, tight and loose,
// the plan never exceeds them, and it uses most of a tight one.
func TestMCTSRespectsBudget(t *testing.T) {
	m := small()
	for _, b := range []Budget{{Distance: 250}, {Distance: 1200}, {Time: 30}, {Distance: 5000, Horizon: 700}} {
		r, prob := m.build(t, KindMCTS)
		res, err := r.Replan(context.Background(), m.start, b, prob.Grid, Iterations(20))
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, res, m.start, b)
		if res.TreeSize < mctsActions {
			t.Fatalf("budget %+v: tree of %d nodes", b, res.TreeSize)
		}
		if b.Distance == 250 && res.Cost < 250-2*prob.Config.Step {
			t.Fatalf("cost %v of a 250 m budget: the plan stops early", res.Cost)
		}
	}
}

// TestMCTSNoDoubleCounting: the plan's reward is the reward of its path
// scored like a branch of the tree, not a sum of cumulative rewards.
func TestMCTSNoDoubleCounting(t *testing.T) {
	m := small()
	r, prob := m.build(t, KindMCTS)
	res, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(30))
	if err != nil {
		t.Fatal(err)
	}
	poses := []motion.Pose{res.Path[0]}
	for _, seg := range res.Segments {
		poses = append(poses, seg[len(seg)-1])
	}
	scores, err := Score(prob, poses)
	if err != nil {
		t.Fatal(err)
	}
	if got := scores[len(scores)-1].Reward; math.Abs(got-res.Reward) > 1e-6*math.Max(1, got) {
		t.Fatalf("plan reward %v, its path scores %v", res.Reward, got)
	}
}

func TestRandomStaysInBounds(t *testing.T) {
	u := pts(0, 0, 600, 0, 600, 500, 420, 500, 420, 150, 180, 150, 180, 500, 0, 500)
	m := multirotorIn(u, motion.Pose{Vec: r3.Vec{X: 300, Y: 75, Z: 30}}, 1e4)
	r, prob := m.build(t, KindRandom)
	res, err := r.Replan(context.Background(), m.start, m.budget, prob.Grid, Iterations(30))
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, res, m.start, m.budget)
	if len(res.Segments) != 30 {
		t.Fatalf("%d legs for 30 iterations", len(res.Segments))
	}
	for _, seg := range res.Segments {
		// Nadir camera: the viewpoint is the drawn point itself.
		if end := seg[len(seg)-1]; !prob.Grid.Bounds.Contains(r2.Vec{X: end.X, Y: end.Y}) {
			t.Fatalf("viewpoint %v outside the bounds", end)
		}
	}
}

// TestBaselinesOnline drives every kind through the online core, as the
// simulator does.
func TestBaselinesOnline(t *testing.T) {
	m := small()
	m.budget = Budget{Distance: 2500}
	for _, kind := range Kinds() {
		t.Run(kind, func(t *testing.T) {
			r, prob := m.build(t, kind)
			o := NewOnline(prob.Model.Speed(), m.start, m.budget, 4)
			vehicle, reached, flown := m.start, 0, 0.0
			var plan []motion.Pose
			for range 4 {
				start, b := o.NextStart(vehicle, reached, Budget{Distance: m.budget.Distance - flown})
				res, err := r.Replan(context.Background(), start, b, prob.Grid, Iterations(5))
				if err != nil {
					t.Fatal(err)
				}
				checkResult(t, res, start, b)
				plan = o.Commit(res, reached)
				if len(plan) < 2 {
					break
				}
				vehicle, reached = fly(plan, vehicle, 100)
				flown += 100
			}
		})
	}
}

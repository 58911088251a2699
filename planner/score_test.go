package planner_test

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
)

// field is a size-metre square of res-metre cells at probability p.
func field(size, res, p float64) *belief.Grid {
	n := int(size / res)
	g := &belief.Grid{
		Res: res, Rows: n, Cols: n,
		Prob: make([]float64, n*n), Priority: make([]float64, n*n), Model: make([]uint8, n*n),
		Bounds: geom.Polygon{{X: 0, Y: 0}, {X: size, Y: 0}, {X: size, Y: size}, {X: 0, Y: size}},
	}
	for k := range g.Prob {
		g.Prob[k], g.Priority[k] = p, 1
	}
	return g
}

func camera(t *testing.T, pitch float64) *belief.Sensor {
	t.Helper()
	tab, err := belief.NamedTable("fixedwing_sensor_model_0.csv")
	if err != nil {
		t.Fatal(err)
	}
	return &belief.Sensor{
		Camera: belief.Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: pitch, MaxRange: 700},
		Tables: []belief.Table{tab},
	}
}

func at(x, y, z, headingDeg float64) motion.Pose {
	var p motion.Pose
	p.X, p.Y, p.Z, p.Heading = x, y, z, motion.WrapPi(headingDeg*math.Pi/180)
	return p
}

func model(t *testing.T, c motion.Config) motion.Model {
	t.Helper()
	m, err := motion.NewModel(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// A fixed-wing 3 km problem with the given reward.
func fixedWingProblem(t *testing.T, cfg reward.Config) planner.Problem {
	return planner.Problem{
		Model:  model(t, motion.Config{Kind: motion.KindFixedWing, Speed: 25, MinTurnRadius: 100, Altitude: 50}),
		Grid:   field(3000, 30, 0.5),
		Sensor: camera(t, math.Pi/6),
		Reward: cfg, Altitude: 50, Budget: planner.Budget{Distance: 10000}, Config: planner.DefaultConfig(),
	}
}

// Score splits every node's gain by term, flags the poses where the vehicle
// banks, and reports what ending at each pose would add by end_region.
func TestScoreTerms(t *testing.T) {
	cfg := reward.Config{Terms: []reward.Term{
		{Kind: reward.TermEntropy, Weight: 1},
		{Kind: reward.TermDetection, Weight: 2},
		{Kind: reward.TermStandoff, Weight: 3, Radius: 300, Points: []geom.Point{{X: 1200, Y: 1000}}},
		{Kind: reward.TermEndRegion, Weight: 7, Circle: &motion.CircleZone{Center: geom.Point{X: 1000, Y: 1600}, Radius: 150}},
		{Kind: reward.TermNoInfoOnTurns, Weight: 0.5},
	}}
	poses := []motion.Pose{
		at(1000, 1000, 50, 0),
		at(1500, 1000, 50, 0),   // straight ahead: ends level
		at(1500, 1500, 50, 90),  // a left turn at the end of the edge
		at(1000, 1600, 50, 270), // west, then a turn to the south
	}
	scores, err := planner.Score(fixedWingProblem(t, cfg), poses)
	if err != nil {
		t.Fatal(err)
	}
	turning := []bool{false, false, true, true}
	for k, s := range scores {
		if len(s.Terms) != len(cfg.Terms) {
			t.Fatalf("node %d: %d term contributions for %d terms", k, len(s.Terms), len(cfg.Terms))
		}
		sum := 0.0
		for _, x := range s.Terms {
			sum += x
		}
		if math.Abs(sum-s.Gain) > 1e-9 {
			t.Errorf("node %d: terms %v sum to %v, gain %v", k, s.Terms, sum, s.Gain)
		}
		if s.Turning != turning[k] {
			t.Errorf("node %d: turning %v, want %v", k, s.Turning, turning[k])
		}
		if (s.Terms[4] < 0) != s.Turning {
			t.Errorf("node %d: no_info_on_turns contributes %v while turning is %v", k, s.Terms[4], s.Turning)
		}
		if !(s.Terms[0] > 0 && s.Terms[1] > 0) || s.Terms[3] != 0 {
			t.Errorf("node %d: terms %v", k, s.Terms)
		}
		if wantBonus := map[bool]float64{true: 7}[k == 3]; s.Bonus != wantBonus || !s.EndOK {
			t.Errorf("node %d: bonus %v ok %v, want %v true", k, s.Bonus, s.EndOK, wantBonus)
		}
	}
	if !(scores[0].Terms[2] < 0) || !(scores[1].Terms[2] < 0) || scores[3].Terms[2] != 0 {
		t.Errorf("standoff contributions %v, %v, %v: want penalties near (1200, 1000) only",
			scores[0].Terms[2], scores[1].Terms[2], scores[3].Terms[2])
	}

	// A multirotor yaws in place: it never banks.
	mp := fixedWingProblem(t, cfg)
	mp.Model = model(t, motion.Config{Kind: motion.KindMultirotor, Speed: 5, Altitude: 50})
	ms, err := planner.Score(mp, poses)
	if err != nil {
		t.Fatal(err)
	}
	for k, s := range ms {
		if s.Turning {
			t.Errorf("multirotor node %d: turning", k)
		}
	}
}

// The best plan by reward plus the end_region bonus, among the ends that
// satisfy a required region: a path that searches more but ends away from
// home loses to one that comes back, and with required: true it does not
// qualify at all.
func TestEndRegionChoosesTheEnd(t *testing.T) {
	home := &motion.CircleZone{Center: geom.Point{X: 500, Y: 500}, Radius: 200}
	out := []motion.Pose{at(500, 500, 50, 0), at(1500, 500, 50, 0), at(2500, 500, 50, 0)}
	back := []motion.Pose{at(500, 500, 50, 0), at(1500, 500, 50, 0), at(600, 500, 50, 180)}
	total := func(cfg reward.Config, poses []motion.Pose) (float64, bool) {
		s, err := planner.Score(fixedWingProblem(t, cfg), poses)
		if err != nil {
			t.Fatal(err)
		}
		last := s[len(s)-1]
		return last.Reward + last.Bonus, last.EndOK
	}
	plain := reward.Config{}
	if o, b := first(total(plain, out)), first(total(plain, back)); !(o > b) {
		t.Fatalf("test setup: without end_region the outbound path earns %v, the return %v", o, b)
	}
	for _, required := range []bool{false, true} {
		cfg := reward.Config{Terms: []reward.Term{
			{Kind: reward.TermEntropy, Weight: 1},
			{Kind: reward.TermEndRegion, Weight: 100, Circle: home, Required: required},
		}}
		o, oOK := total(cfg, out)
		b, bOK := total(cfg, back)
		if !bOK || oOK == required || !(b > o) {
			t.Errorf("required %v: outbound %v (ok %v), return %v (ok %v); want the return chosen", required, o, oOK, b, bOK)
		}
	}
}

func first(x float64, _ bool) float64 { return x }

// closestApproach is the smallest ground distance from q to the polyline
// through path.
func closestApproach(q r2.Vec, path []motion.Pose) float64 {
	d := math.Inf(1)
	for i := range path {
		a := r2.Vec{X: path[i].X, Y: path[i].Y}
		b := a
		if i > 0 {
			b = r2.Vec{X: path[i-1].X, Y: path[i-1].Y}
		}
		d = math.Min(d, geom.SegmentDistance(q, a, b))
	}
	return d
}

// With a standoff term the planner's best plan keeps out of the radius
// around the point, which the plain entropy plan flies through. A
// multirotor's edges are straight, so a node's straight and pose are its
// whole edge.
func TestPlannerHonoursStandoff(t *testing.T) {
	centre := r2.Vec{X: 350, Y: 350}
	const radius = 150
	run := func(cfg reward.Config) planner.Result {
		pc := planner.DefaultConfig()
		pc.Step, pc.ExtendDist, pc.ExtendRadius, pc.PruneRadius, pc.ViewpointGoal = 20, 300, 400, 30, 0
		p, err := planner.New(planner.Problem{
			Model: model(t, motion.Config{Kind: motion.KindMultirotor, Speed: 5, Altitude: 30}),
			Grid:  field(1000, 20, 0.3), Sensor: camera(t, math.Pi/2), Reward: cfg,
			Altitude: 30, Budget: planner.Budget{Distance: 2000}, Config: pc,
		})
		if err != nil {
			t.Fatal(err)
		}
		res, err := p.Replan(context.Background(), at(100, 100, 30, 45), planner.Budget{Distance: 2000}, field(1000, 20, 0.3), planner.Iterations(60))
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	plain := run(reward.Config{})
	if d := closestApproach(centre, plain.Path); d >= radius {
		t.Fatalf("test setup: the entropy-only plan stays %v m from the point anyway", d)
	}
	res := run(reward.Config{Terms: []reward.Term{
		{Kind: reward.TermEntropy, Weight: 1},
		{Kind: reward.TermStandoff, Weight: 100, Radius: radius, Points: []geom.Point{{X: centre.X, Y: centre.Y}}},
	}})
	if d := closestApproach(centre, res.Path); d < radius {
		t.Errorf("the plan comes within %v m of the standoff point (radius %v)", d, radius)
	}
	if !(res.Reward > 0.5*plain.Reward) {
		t.Errorf("standoff plan earns %v, the plain one %v: the detour should cost little", res.Reward, plain.Reward)
	}
}

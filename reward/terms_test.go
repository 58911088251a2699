package reward_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

func terms(ts ...reward.Term) reward.Config { return reward.Config{Terms: ts} }

func term(kind string, w float64) reward.Term { return reward.Term{Kind: kind, Weight: w} }

// twoPatches is a 3 km map at 1e-6 with a patch of cells at 0.9 around
// (900, 900) and a patch at 0.5 around (2100, 900).
func twoPatches() *belief.Grid {
	g := uniformGrid(3000, 30, 1e-6)
	for i := range g.Rows {
		for j := range g.Cols {
			c := g.Center(i, j)
			if c.Y < 600 || c.Y > 1200 {
				continue
			}
			switch {
			case c.X > 600 && c.X < 1200:
				g.Prob[g.Index(i, j)] = 0.9
			case c.X > 1800 && c.X < 2400:
				g.Prob[g.Index(i, j)] = 0.5
			}
		}
	}
	return g
}

// Detection favours confirming likely cells, entropy clearing uncertain
// ones: on a belief with a 0.9 patch and a 0.5 patch they prefer different
// patches, for a node's reward and for the informed sampler.
func TestDetectionVersusEntropy(t *testing.T) {
	g := twoPatches()
	s := fixedWingSensor(t)
	likely := reward.Visit{Pose: pose(800, 900, 50, 0)}
	uncertain := reward.Visit{Pose: pose(2000, 900, 50, 0)}
	prefer := func(cfg reward.Config) (likelyGain, uncertainGain float64) {
		e := evaluator(t, g, s, cfg)
		return e.Gain(nil, likely, new(reward.Delta)), e.Gain(nil, uncertain, new(reward.Delta))
	}
	if l, u := prefer(terms(term(reward.TermEntropy, 1))); !(u > l) {
		t.Errorf("entropy: looking at the 0.9 patch earns %v, at the 0.5 patch %v; want the 0.5 patch preferred", l, u)
	}
	if l, u := prefer(terms(term(reward.TermDetection, 1))); !(l > u) {
		t.Errorf("detection: looking at the 0.9 patch earns %v, at the 0.5 patch %v; want the 0.9 patch preferred", l, u)
	}

	at := func(x, y float64) int {
		i, j, _ := g.CellOf(r2v(x, y))
		return g.Index(i, j)
	}
	for _, tt := range []struct {
		cfg        reward.Config
		likelyMore bool
	}{
		{terms(term(reward.TermEntropy, 1)), false},
		{terms(term(reward.TermDetection, 1)), true},
	} {
		w := evaluator(t, g, s, tt.cfg).SampleWeights(nil, 76.1)
		if l, u := w[at(900, 900)], w[at(2100, 900)]; (l > u) != tt.likelyMore || l == u {
			t.Errorf("%s: sampler weight %v for the 0.9 cell, %v for the 0.5 cell", tt.cfg.Terms[0].Kind, l, u)
		}
	}
}

// The detection term counts a cell's target once per branch: looking again
// only finds what the earlier looks missed, so circling a likely cell earns
// less and less and never more than the probability there.
func TestDetectionFindsATargetOnce(t *testing.T) {
	g := twoPatches()
	e := evaluator(t, g, fixedWingSensor(t), terms(term(reward.TermDetection, 1)))
	v := reward.Visit{Pose: pose(800, 900, 50, 0)}
	var branch []*reward.Delta
	mass, total, prev := 0.0, 0.0, math.Inf(1)
	for k := range 12 {
		d := new(reward.Delta)
		step := e.Gain(branch, v, d)
		if k == 0 {
			for n := range d.Len() {
				idx, _ := d.Cell(n)
				mass += g.Prob[idx] * g.Priority[idx]
			}
		}
		if !(step > 0 && step < prev) {
			t.Fatalf("look %d earns %v after %v; want a shrinking positive gain", k, step, prev)
		}
		total, prev = total+step, step
		branch = append([]*reward.Delta{d}, branch...)
	}
	if !(total <= mass) || !(total > 0.9*mass) {
		t.Errorf("12 looks find %v targets among cells holding %v", total, mass)
	}
}

func TestExponentialDecay(t *testing.T) {
	tests := []struct {
		d    reward.TimeDecay
		t    float64
		want float64
	}{
		{reward.TimeDecay{HalfLife: 100}, 0, 1},
		{reward.TimeDecay{HalfLife: 100}, 100, 0.5},
		{reward.TimeDecay{HalfLife: 100}, 300, 0.125},
		{reward.TimeDecay{HalfLife: 100, Floor: 0.2}, 300, 0.2},
	}
	for _, tt := range tests {
		if got := tt.d.At(tt.t); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%+v.At(%v) = %v, want %v", tt.d, tt.t, got, tt.want)
		}
	}
}

// Each term takes its own time_decay or, for an information term,
// reward.time_decay; standoff is not decayed unless it says so. Finding
// something early is worth more.
func TestDecayPerTerm(t *testing.T) {
	g := twoPatches()
	s := fixedWingSensor(t)
	half := reward.TimeDecay{HalfLife: 60}
	cfg := reward.Config{
		TimeDecay: reward.TimeDecay{Slope: -0.005, Floor: 0.1},
		Terms: []reward.Term{
			term(reward.TermEntropy, 1),
			{Kind: reward.TermDetection, Weight: 3, TimeDecay: &half},
			{Kind: reward.TermStandoff, Weight: 2, Radius: 500, Points: []geom.Point{{X: 800, Y: 1000}}},
		},
	}
	e := evaluator(t, g, s, cfg)
	at := func(time float64) []float64 {
		v := reward.Visit{Pose: pose(800, 900, 50, 0), Time: time}
		out := make([]float64, 3)
		sum := e.GainTerms(nil, v, new(reward.Delta), out)
		if math.Abs(sum-(out[0]+out[1]+out[2])) > 1e-12 {
			t.Errorf("t=%v: gain %v, terms %v", time, sum, out)
		}
		return out
	}
	early, late := at(0), at(120)
	want := []float64{1 - 0.005*120, 0.25, 1}
	for k := range want {
		if ratio := late[k] / early[k]; math.Abs(ratio-want[k]) > 1e-12 {
			t.Errorf("term %d: late/early = %v, want %v (early %v, late %v)", k, ratio, want[k], early[k], late[k])
		}
	}
	if !(early[2] < 0) {
		t.Errorf("standoff contribution %v, want a penalty", early[2])
	}
	if !cfg.SameDecay(0, 0) || cfg.SameDecay(0, 120) {
		t.Error("SameDecay ignores the decays")
	}
	flat := terms(term(reward.TermEntropy, 1), reward.Term{Kind: reward.TermStandoff, Weight: 1, Radius: 1, Detected: true})
	if !flat.SameDecay(0, 120) {
		t.Error("SameDecay: no term decays, yet it reports a change")
	}
}

// The standoff penalty grows continuously from 0 at the radius to the weight
// at the point, along the whole edge.
func TestStandoffContinuousInDistance(t *testing.T) {
	g := uniformGrid(3000, 30, 0) // no information: only the penalty counts
	s := fixedWingSensor(t)
	const R, w = 200.0, 4.0
	cfg := terms(term(reward.TermEntropy, 1), reward.Term{Kind: reward.TermStandoff, Weight: w, Radius: R, Points: []geom.Point{{X: 1500, Y: 1500}}})
	e := evaluator(t, g, s, cfg)
	for _, d := range []float64{0, 1, 50, 100, 150, 199, 199.999, 200, 201, 1000} {
		want := 0.0
		if d < R {
			want = -w * (1 - d/R)
		}
		// At the node's pose, then as the closest approach of a straight
		// passing the point that ends far from it.
		node := reward.Visit{Pose: pose(1500+d, 1500, 50, 0)}
		pass := straightVisit(pose(1000, 1500+d, 50, 0), pose(2000, 1500+d, 50, 0))
		for _, v := range []reward.Visit{node, pass} {
			if got := e.Gain(nil, v, new(reward.Delta)); math.Abs(got-want) > 1e-9 {
				t.Errorf("d=%v: penalty %v, want %v", d, got, want)
			}
		}
	}

	// A fixed-wing arc that swings past the point between the straight and
	// the pose: only the edge's states reveal it.
	var arc []motion.Pose
	for k := 0; k <= 18; k++ {
		a := math.Pi * float64(k) / 18
		arc = append(arc, pose(1500-100*math.Cos(a), 1300+100*math.Sin(a)+150*math.Sin(a), 50, a))
	}
	v := reward.Visit{Pose: arc[len(arc)-1]}
	if got := e.Gain(nil, v, new(reward.Delta)); got != 0 {
		t.Errorf("pose alone: penalty %v, want 0", got)
	}
	v.Edge = arc
	if got := e.Gain(nil, v, new(reward.Delta)); !(got < -w*0.5) {
		t.Errorf("edge through (1500, 1550): penalty %v, want below %v", got, -w*0.5)
	}
}

// A standoff with detected: true keeps away from the targets SetDetections
// reports; one without ignores them.
func TestStandoffFromDetections(t *testing.T) {
	g := uniformGrid(3000, 30, 0)
	s := fixedWingSensor(t)
	v := reward.Visit{Pose: pose(1000, 1000, 50, 0)}
	found := []reward.Detection{{Pos: r2v(1050, 1000), Time: 10}}
	for _, tt := range []struct {
		detected bool
		want     float64
	}{{true, -0.75}, {false, 0}} {
		cfg := terms(term(reward.TermEntropy, 1), reward.Term{Kind: reward.TermStandoff, Weight: 1, Radius: 200,
			Detected: tt.detected, Points: []geom.Point{{X: 2900, Y: 2900}}})
		e := evaluator(t, g, s, cfg)
		c := e.Clone()
		e.SetDetections(20, found)
		if got := e.Gain(nil, v, new(reward.Delta)); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("detected=%v: penalty %v, want %v", tt.detected, got, tt.want)
		}
		if got := c.Gain(nil, v, new(reward.Delta)); got != 0 {
			t.Errorf("detected=%v: a clone made before SetDetections has penalty %v", tt.detected, got)
		}
		if got := e.Clone().Gain(nil, v, new(reward.Delta)); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("detected=%v: a clone made after SetDetections has penalty %v, want %v", tt.detected, got, tt.want)
		}
	}
}

func TestTerminal(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	s := fixedWingSensor(t)
	circle := &motion.CircleZone{Center: geom.Point{X: 100, Y: 100}, Radius: 200}
	square := []geom.Point{{X: 2000, Y: 2000}, {X: 2500, Y: 2000}, {X: 2500, Y: 2500}, {X: 2000, Y: 2500}}
	decay := reward.TimeDecay{HalfLife: 100}
	tests := []struct {
		name     string
		term     reward.Term
		at       motion.Pose
		t        float64
		bonus    float64
		ok       bool
		required bool
	}{
		{"inside circle", reward.Term{Circle: circle}, pose(150, 150, 50, 0), 0, 10, true, false},
		{"on the rim", reward.Term{Circle: circle}, pose(300, 100, 50, 0), 0, 10, true, false},
		{"outside circle", reward.Term{Circle: circle}, pose(400, 100, 50, 0), 0, 0, true, false},
		{"outside, required", reward.Term{Circle: circle, Required: true}, pose(400, 100, 50, 0), 0, 0, false, true},
		{"inside, required", reward.Term{Circle: circle, Required: true}, pose(100, 100, 50, 0), 0, 10, true, true},
		{"inside polygon", reward.Term{Polygon: square}, pose(2200, 2300, 50, 0), 0, 10, true, false},
		{"outside polygon", reward.Term{Polygon: square, Required: true}, pose(1900, 2300, 50, 0), 0, 0, false, true},
		{"global decay does not apply", reward.Term{Circle: circle}, pose(100, 100, 50, 0), 200, 10, true, false},
		{"own decay applies", reward.Term{Circle: circle, TimeDecay: &decay}, pose(100, 100, 50, 0), 200, 2.5, true, false},
	}
	for _, tt := range tests {
		tt.term.Kind, tt.term.Weight = reward.TermEndRegion, 10
		cfg := reward.Config{TimeDecay: reward.TimeDecay{Slope: -0.001, Floor: 0}, Terms: []reward.Term{term(reward.TermEntropy, 1), tt.term}}
		e := evaluator(t, g, s, cfg)
		bonus, ok := e.Terminal(tt.at, tt.t)
		if math.Abs(bonus-tt.bonus) > 1e-12 || ok != tt.ok {
			t.Errorf("%s: Terminal = %v, %v; want %v, %v", tt.name, bonus, ok, tt.bonus, tt.ok)
		}
		r, required, has := e.EndRegion()
		if !has || required != tt.required || !r.Contains(r2.Scale(0.5, r2.Add(r.Bounds().Min, r.Bounds().Max))) {
			t.Errorf("%s: EndRegion = %+v, %v, %v", tt.name, r, required, has)
		}
		// The bonus belongs to the path's end, not to every node.
		plain := evaluator(t, g, s, terms(term(reward.TermEntropy, 1)))
		v := reward.Visit{Pose: tt.at, Time: tt.t}
		if got, want := e.Gain(nil, v, new(reward.Delta)), plain.Gain(nil, v, new(reward.Delta)); got != want*cfg.TimeDecay.At(tt.t) {
			t.Errorf("%s: gain %v, want the entropy term's %v", tt.name, got, want)
		}
	}
	if bonus, ok := evaluator(t, g, s, reward.Config{}).Terminal(pose(0, 0, 50, 0), 0); bonus != 0 || !ok {
		t.Errorf("no end_region: Terminal = %v, %v; want 0, true", bonus, ok)
	}
	if _, _, has := evaluator(t, g, s, reward.Config{}).EndRegion(); has {
		t.Error("no end_region: EndRegion reports one")
	}
}

// An observation taken while banking counts weight × its value, and moves
// the belief only that far: with weight 0 the camera at a turning pose sees
// nothing, so a later level pass over the same cells still earns in full.
func TestNoInfoOnTurns(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	s := fixedWingSensor(t)
	level := reward.Visit{Pose: pose(1000, 1000, 50, 0)}
	banking := level
	banking.Turning = true
	base := evaluator(t, g, s, reward.Config{})
	full := base.Gain(nil, level, new(reward.Delta))
	for _, w := range []float64{0, 0.25, 1} {
		cfg := terms(term(reward.TermEntropy, 1), term(reward.TermNoInfoOnTurns, w))
		e := evaluator(t, g, s, cfg)
		var d reward.Delta
		out := make([]float64, 2)
		got := e.GainTerms(nil, banking, &d, out)
		if math.Abs(got-w*full) > 1e-12 || out[0] != full || math.Abs(out[1]+(1-w)*full) > 1e-12 {
			t.Errorf("weight %v: banking gain %v (terms %v), want %v × %v", w, got, out, w, full)
		}
		if got := e.Gain(nil, level, new(reward.Delta)); got != full {
			t.Errorf("weight %v: level gain %v, want %v", w, got, full)
		}
		after := e.Gain([]*reward.Delta{&d}, level, new(reward.Delta))
		if w == 0 && (d.Len() != 0 || after != full) {
			t.Errorf("weight 0: the banking look changed %d cells; the level look after it earns %v, want %v", d.Len(), after, full)
		}
		if w > 0 && after == full {
			t.Errorf("weight %v: the banking look left the belief unchanged", w)
		}
		if w == 1 && !(after < full) {
			t.Errorf("weight 1: the level look after a banking one earns %v, want less than %v", after, full)
		}
	}
	// The swept straight is flown level: only the camera at the pose is
	// discounted.
	v := straightVisit(pose(700, 1000, 50, 0), pose(1000, 1000, 50, 0))
	edgeOnly := evaluator(t, g, s, reward.Config{}).Gain(nil, v, new(reward.Delta)) - full
	v.Turning = true
	cfg := terms(term(reward.TermEntropy, 1), term(reward.TermNoInfoOnTurns, 0))
	if got := evaluator(t, g, s, cfg).Gain(nil, v, new(reward.Delta)); !(got > 0.9*edgeOnly) {
		t.Errorf("banking node at the end of a straight: gain %v, want at least the straight's ≈%v", got, edgeOnly)
	}
}

// Revisit values seeing again the cells of a past detection (a moving
// target may still be near), halved every half_life since it, once per
// branch; cells without a detection earn nothing.
func TestRevisit(t *testing.T) {
	g := uniformGrid(3000, 30, 0)
	s := fixedWingSensor(t)
	cfg := terms(term(reward.TermEntropy, 1), reward.Term{Kind: reward.TermRevisit, Weight: 2, HalfLife: 50, Radius: 45})
	e := evaluator(t, g, s, cfg)
	look := reward.Visit{Pose: pose(1000, 1000, 50, 0)}
	var d reward.Delta
	e.GainTerms(nil, look, &d, nil)
	if d.Len() != 0 {
		t.Fatal("test bug: the zero grid changed")
	}
	if got := e.Gain(nil, look, new(reward.Delta)); got != 0 {
		t.Errorf("no detections: gain %v", got)
	}
	// A target detected at t=100 s where the camera at the pose looks.
	fp := s.Camera.Footprint(nil, look.Pose.Vec, 0)
	mid := r2v(0, 0)
	for _, q := range fp {
		mid = r2.Add(mid, r2.Scale(1/float64(len(fp)), q))
	}
	e.SetDetections(100, []reward.Detection{{Pos: mid, Time: 100}})
	fresh := e.Gain(nil, look, new(reward.Delta))
	if !(fresh > 0) {
		t.Fatalf("revisiting a detection just made earns %v", fresh)
	}
	later := look
	later.Time = 50
	if got := e.Gain(nil, later, new(reward.Delta)); math.Abs(got-fresh/2) > 1e-12 {
		t.Errorf("one half-life later: %v, want %v", got, fresh/2)
	}
	e.SetDetections(150, []reward.Detection{{Pos: mid, Time: 100}})
	if got := e.Gain(nil, look, new(reward.Delta)); math.Abs(got-fresh/2) > 1e-12 {
		t.Errorf("detection 50 s before the root: %v, want %v", got, fresh/2)
	}
	away := reward.Visit{Pose: pose(2000, 2000, 50, 0)}
	if got := e.Gain(nil, away, new(reward.Delta)); got != 0 {
		t.Errorf("looking elsewhere: %v", got)
	}
	var first reward.Delta
	g1 := e.Gain(nil, look, &first)
	if g2 := e.Gain([]*reward.Delta{&first}, look, new(reward.Delta)); !(g2 < g1) || !(g2 > 0) {
		t.Errorf("second look on the branch: %v after %v; want less", g2, g1)
	}
	// The sampler follows: only the detection's cells weigh.
	w := e.SampleWeights(nil, 76.1)
	i, j, _ := g.CellOf(mid)
	for k, x := range w {
		dist := r2.Norm(r2.Sub(g.Center(k/g.Cols, k%g.Cols), mid))
		if (x > 0) != (dist <= 45 || k == g.Index(i, j)) {
			t.Errorf("sampler weight %v for cell %d (%v m from the detection)", x, k, dist)
		}
	}
}

// With every term on, the per-term contributions sum to Gain, and a chain
// of Gain calls still equals the replay.
func TestAllTermsMatchReplay(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	for k := range g.Prob {
		g.Prob[k] = 0.2 + 0.6*float64(k%7)/6
		g.Priority[k] = 1 + float64(k%3)/2
	}
	half := reward.TimeDecay{HalfLife: 300}
	cfg := allTerms()
	cfg.Terms[1].TimeDecay = &half
	e := evaluator(t, g, fixedWingSensor(t), cfg)
	e.SetDetections(30, []reward.Detection{{Pos: r2v(1300, 1000), Time: 5}, {Pos: r2v(1450, 1300), Time: 20}})
	visits := []reward.Visit{{Pose: pose(1000, 1000, 50, 0)}}
	p := visits[0].Pose
	for k := 1; k < 12; k++ {
		psi := float64(k) * 0.9
		q := pose(p.X+250*math.Cos(psi), p.Y+250*math.Sin(psi), 50, psi)
		v := straightVisit(p, q)
		v.Time = float64(k) * 10
		v.Turning = k%3 == 0
		visits = append(visits, v)
		p = q
	}
	got, _ := chain(e, visits)
	want := e.Replay(visits)
	out := make([]float64, len(cfg.Terms))
	for k := range visits {
		if math.Abs(got[k]-want[k]) > 1e-9 {
			t.Errorf("node %d: incremental %.12f, replay %.12f", k, got[k], want[k])
		}
	}
	var branch []*reward.Delta
	for k, v := range visits {
		d := new(reward.Delta)
		sum := e.GainTerms(branch, v, d, out)
		parts := 0.0
		for _, x := range out {
			parts += x
		}
		if math.Abs(sum-parts) > 1e-9 {
			t.Errorf("node %d: gain %v, terms %v sum to %v", k, sum, out, parts)
		}
		branch = append([]*reward.Delta{d}, branch...)
	}
	if names := e.Terms(); len(names) != len(cfg.Terms) || names[5].Kind != reward.TermRevisit {
		t.Errorf("Terms() = %v", names)
	}
}

// allTerms is a configuration with one term of every kind.
func allTerms() reward.Config {
	return reward.Config{
		TimeDecay: reward.TimeDecay{Slope: -0.001, Floor: 0.3},
		Terms: []reward.Term{
			term(reward.TermEntropy, 1),
			term(reward.TermDetection, 2),
			{Kind: reward.TermStandoff, Weight: 1, Radius: 150, Points: []geom.Point{{X: 1200, Y: 1200}}, Detected: true},
			{Kind: reward.TermEndRegion, Weight: 5, Circle: &motion.CircleZone{Center: geom.Point{X: 1000, Y: 1000}, Radius: 300}},
			term(reward.TermNoInfoOnTurns, 0.3),
			{Kind: reward.TermRevisit, Weight: 3, Radius: 60, HalfLife: 90},
		},
	}
}

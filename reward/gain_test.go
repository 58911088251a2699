package reward_test

import (
	"math"
	"testing"

	"pgregory.net/rapid"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/reward"
)

// DESIGN §2 fix: a straight that ends the edge (no turn after it inside the
// edge) still earns the swept reward.
func TestStraightAtEndOfEdgeEarnsEdgeReward(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	s := fixedWingSensor(t)
	v := straightVisit(pose(1000, 1000, 50, 0), pose(1500, 1000, 50, 0))

	var off, on reward.Delta
	vertex := evaluator(t, g, s, reward.Config{Edge: boolp(false)}).Gain(nil, v, &off)
	both := evaluator(t, g, s, reward.Config{}).Gain(nil, v, &on)
	if !(both > vertex+10) || on.Len() <= off.Len() {
		t.Errorf("straight ending the edge: reward %v (%d cells) with edge, %v (%d cells) without; want a swept reward on top",
			both, on.Len(), vertex, off.Len())
	}
}

func TestTimeDecay(t *testing.T) {
	tests := []struct {
		name  string
		decay reward.TimeDecay
		t     float64
		want  float64
	}{
		{"none", reward.TimeDecay{}, 1000, 1},
		{"default", reward.DefaultConfig().TimeDecay, 1000, 1},
		{"slope 0 ignores the floor", reward.TimeDecay{Slope: 0, Floor: 0.5}, 100, 1},
		{"linear", reward.TimeDecay{Slope: -0.01, Floor: 0.2}, 30, 0.7},
		{"floored", reward.TimeDecay{Slope: -0.01, Floor: 0.2}, 100, 0.2},
		{"at the root", reward.TimeDecay{Slope: -0.01, Floor: 0.2}, 0, 1},
	}
	g := uniformGrid(3000, 30, 0.5)
	s := fixedWingSensor(t)
	var d reward.Delta
	base := evaluator(t, g, s, reward.Config{}).Gain(nil, reward.Visit{Pose: pose(1000, 1000, 50, 0)}, &d)
	for _, tt := range tests {
		if got := tt.decay.At(tt.t); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("%s: At(%v) = %v, want %v", tt.name, tt.t, got, tt.want)
		}
		e := evaluator(t, g, s, reward.Config{TimeDecay: tt.decay})
		got := e.Gain(nil, reward.Visit{Pose: pose(1000, 1000, 50, 0), Time: tt.t}, &d)
		if math.Abs(got-tt.want*base) > 1e-12 {
			t.Errorf("%s: reward at t=%v is %v, want %v × %v", tt.name, tt.t, got, tt.want, base)
		}
	}
}

func TestWeightScalesReward(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	s := fixedWingSensor(t)
	v := straightVisit(pose(1000, 1000, 50, 0), pose(1300, 1300, 50, math.Pi/4))
	var d reward.Delta
	one := evaluator(t, g, s, reward.Config{}).Gain(nil, v, &d)
	cfg := reward.Config{Terms: []reward.Term{{Kind: reward.TermEntropy, Weight: 2.5}}}
	if got := evaluator(t, g, s, cfg).Gain(nil, v, &d); math.Abs(got-2.5*one) > 1e-9 {
		t.Errorf("weight 2.5: %v, want %v", got, 2.5*one)
	}
}

// A second look at the same place on one branch is worth less than the
// first: the branch remembers what the first one saw.
func TestNoDoubleCounting(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	e := evaluator(t, g, fixedWingSensor(t), reward.Config{})
	tests := []reward.Visit{
		{Pose: pose(1000, 1000, 50, 0.3)},
		straightVisit(pose(700, 1000, 50, 0), pose(1200, 1000, 50, 0)),
	}
	for _, v := range tests {
		var first, second, sibling reward.Delta
		g1 := e.Gain(nil, v, &first)
		g2 := e.Gain([]*reward.Delta{&first}, v, &second)
		if !(g2 < g1) || !(g2 > 0) {
			t.Errorf("%+v: first gain %v, second %v; want 0 < second < first", v.Pose, g1, g2)
		}
		// A sibling (same parent, empty branch) sees the grid again.
		if g3 := e.Gain(nil, v, &sibling); g3 != g1 {
			t.Errorf("%+v: sibling gain %v, want %v", v.Pose, g3, g1)
		}
		if second.Len() != first.Len() {
			t.Errorf("%+v: second delta has %d cells, first %d", v.Pose, second.Len(), first.Len())
		}
	}
}

// The nearest delta on the branch wins over farther ones and over the grid.
func TestBranchNearestFirst(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	e := evaluator(t, g, fixedWingSensor(t), reward.Config{})
	v := reward.Visit{Pose: pose(1000, 1000, 50, 0)}
	var d1, d2, d3, far reward.Delta
	e.Gain(nil, v, &d1)                                                              // 0.5 → ~0.1
	e.Gain([]*reward.Delta{&d1}, v, &d2)                                             // ~0.1 → ~0.012
	e.Gain(nil, reward.Visit{Pose: pose(2500, 2500, 50, 0)}, &far)                   // elsewhere
	want := e.Gain([]*reward.Delta{&d2, &d1}, v, &d3)                                // third look
	got := e.Gain([]*reward.Delta{&far, &d2, &far, &d1, &far}, v, new(reward.Delta)) // same, with noise
	if got != want {
		t.Errorf("gain with unrelated deltas on the branch %v, want %v", got, want)
	}
	if wrong := e.Gain([]*reward.Delta{&d1, &d2}, v, new(reward.Delta)); wrong == want {
		t.Errorf("branch order ignored: gain %v with the grandparent first equals the right one", wrong)
	}
}

// A descending straight: the height of the swept camera goes from the start's
// to the end's (not reversed as in the reference, model §10 item 7). With a
// table that is good below 70 m and poor beyond, a cell swept near the start
// (at 100 m) is seen poorly, one swept near the end (at 50 m) well.
func TestSweptHeightFollowsTheStraight(t *testing.T) {
	g := uniformGrid(3000, 10, 0.5)
	rows := [][3]float64{}
	for r := 0.0; r <= 200; r += 10 {
		p := 0.6
		if r <= 70 {
			p = 0.9
		}
		rows = append(rows, [3]float64{r, p, p})
	}
	tab, err := belief.TableFromRows(rows)
	if err != nil {
		t.Fatal(err)
	}
	s := nadirSensor(t)
	s.Tables = []belief.Table{tab}
	e := evaluator(t, g, s, reward.Config{})
	v := straightVisit(pose(1000, 1500, 100, 0), pose(1500, 1500, 50, 0))
	var d reward.Delta
	e.Gain(nil, v, &d)
	post := map[int]float64{}
	for k := range d.Len() {
		i, p := d.Cell(k)
		post[i] = p
	}
	tests := []struct {
		name string
		x    float64
		want float64 // posterior: 0.4 seen poorly, 0.1 seen well
	}{
		{"near the start", 990, 0.4},
		{"near the end of the sweep", 1440, 0.1},
	}
	for _, tt := range tests {
		i, j, _ := g.CellOf(r2v(tt.x, 1500))
		p, ok := post[g.Index(i, j)]
		if !ok || math.Abs(p-tt.want) > 1e-9 {
			t.Errorf("%s (x=%v): posterior %v (observed %v), want %v", tt.name, tt.x, p, ok, tt.want)
		}
	}
}

// Property: along any random flight, the incremental chain of Gain calls on
// branch deltas equals the full replay on a copy of the grid, node by node.
func TestGainChainMatchesReplay(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	for k := range g.Prob {
		g.Prob[k] = 0.2 + 0.6*float64(k%7)/6
		g.Priority[k] = 1 + float64(k%3)/2
	}
	sensors := map[string]*belief.Sensor{"fixed-wing": fixedWingSensor(t), "nadir": nadirSensor(t)}
	for name, s := range sensors {
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				cfg := reward.Config{
					Edge:      boolp(rapid.Bool().Draw(rt, "edge")),
					TimeDecay: reward.TimeDecay{Slope: -0.001, Floor: 0.3},
				}
				e := evaluator(t, g, s, cfg)
				n := rapid.IntRange(1, 30).Draw(rt, "nodes")
				p := pose(rapid.Float64Range(0, 3000).Draw(rt, "x"), rapid.Float64Range(0, 3000).Draw(rt, "y"), 50, 0)
				visits := []reward.Visit{{Pose: p}}
				for k := 1; k < n; k++ {
					psi := rapid.Float64Range(-math.Pi, math.Pi).Draw(rt, "psi")
					l := rapid.Float64Range(0, 400).Draw(rt, "len")
					q := pose(p.X+l*math.Cos(psi), p.Y+l*math.Sin(psi), rapid.Float64Range(40, 160).Draw(rt, "z"), psi)
					v := straightVisit(p, q)
					v.Time = visits[k-1].Time + l/25
					visits = append(visits, v)
					p = q
				}
				got, _ := chain(e, visits)
				want := e.Replay(visits)
				for k := range visits {
					if math.Abs(got[k]-want[k]) > 1e-9 {
						rt.Fatalf("node %d: incremental %.12f, replay %.12f", k, got[k], want[k])
					}
				}
			})
		})
	}
}

func TestCloneIsIndependent(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	e := evaluator(t, g, fixedWingSensor(t), reward.Config{})
	c := e.Clone()
	v := straightVisit(pose(1000, 1000, 50, 0), pose(1400, 1000, 50, 0))
	var a, b reward.Delta
	ga := e.Gain(nil, v, &a)
	e.Gain([]*reward.Delta{&a}, reward.Visit{Pose: pose(2000, 2000, 80, 1)}, new(reward.Delta))
	if gb := c.Gain(nil, v, &b); gb != ga || b.Len() != a.Len() {
		t.Errorf("clone: %v over %d cells, original %v over %d", gb, b.Len(), ga, a.Len())
	}
	if c.Grid() != e.Grid() {
		t.Error("clone does not share the grid")
	}
}

func TestSetGrid(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	e := evaluator(t, g, fixedWingSensor(t), reward.Config{})
	v := reward.Visit{Pose: pose(1000, 1000, 50, 0)}
	var d reward.Delta
	before := e.Gain(nil, v, &d)
	seen := g.Clone()
	for k := range d.Len() {
		i, p := d.Cell(k)
		seen.Prob[i] = p
	}
	e.SetGrid(seen)
	after := e.Gain(nil, v, new(reward.Delta))
	want := e.Gain(nil, v, new(reward.Delta))
	if !(after < before) || after != want {
		t.Errorf("after SetGrid with the observation applied: gain %v (before %v)", after, before)
	}
}

func TestSampleWeights(t *testing.T) {
	g := uniformGrid(300, 30, 0.5)
	g.Prob[0], g.Priority[1] = 0, 2
	e := evaluator(t, g, fixedWingSensor(t), reward.Config{})
	_, g1 := belief.Update(0.5, 0.9, 0.9)
	_, g6 := belief.Update(0.5, 0.6, 0.6) // the model 0 table at 500 m
	tests := []struct {
		r    float64
		want func(k int) float64
	}{
		{76.1, func(k int) float64 { return [3]float64{0, 2 * g1, g1}[min(k, 2)] }},
		{500, func(k int) float64 { return [3]float64{0, 2 * g6, g6}[min(k, 2)] }},
	}
	for _, tt := range tests {
		w := e.SampleWeights(make([]float64, 3), tt.r)
		if len(w) != g.Len() {
			t.Fatalf("range %v: %d weights for %d cells", tt.r, len(w), g.Len())
		}
		for k, got := range w {
			if math.Abs(got-tt.want(k)) > 1e-12 {
				t.Errorf("range %v: weight[%d] = %v, want %v", tt.r, k, got, tt.want(k))
			}
		}
	}
}

func TestDeltaClone(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	e := evaluator(t, g, fixedWingSensor(t), reward.Config{})
	var d reward.Delta
	e.Gain(nil, reward.Visit{Pose: pose(1000, 1000, 50, 0)}, &d)
	c := d.Clone()
	e.Gain(nil, reward.Visit{Pose: pose(2000, 1000, 50, 2)}, &d)
	want := e.Gain([]*reward.Delta{c}, reward.Visit{Pose: pose(1000, 1000, 50, 0)}, new(reward.Delta))
	var fresh reward.Delta
	e.Gain(nil, reward.Visit{Pose: pose(1000, 1000, 50, 0)}, &fresh)
	if got := e.Gain([]*reward.Delta{&fresh}, reward.Visit{Pose: pose(1000, 1000, 50, 0)}, new(reward.Delta)); got != want {
		t.Errorf("cloned delta gives %v, a fresh one %v", want, got)
	}
	if d.Reset(); d.Len() != 0 || c.Len() != 12 {
		t.Errorf("after Reset: %d cells, clone %d", d.Len(), c.Len())
	}
}

func TestNewEvaluatorErrors(t *testing.T) {
	g := uniformGrid(300, 30, 0.5)
	s := fixedWingSensor(t)
	short := uniformGrid(300, 30, 0.5)
	short.Priority = short.Priority[:5]
	flat := fixedWingSensor(t)
	flat.Camera.Pitch = 0
	tests := []struct {
		name string
		g    *belief.Grid
		s    *belief.Sensor
		cfg  reward.Config
	}{
		{"nil grid", nil, s, reward.Config{}},
		{"nil sensor", g, nil, reward.Config{}},
		{"short layer", short, s, reward.Config{}},
		{"bad config", g, s, reward.Config{TimeDecay: reward.TimeDecay{Slope: 1}}},
		{"camera at the horizon", g, flat, reward.Config{}},
	}
	for _, tt := range tests {
		if _, err := reward.NewEvaluator(tt.g, tt.s, tt.cfg); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
}

// High above the ground the fixed-wing footprint is clipped by the range
// circle (more than 4 vertices); vertex and edge rewards stay finite and
// the chain still matches the replay.
func TestClippedFootprint(t *testing.T) {
	g := uniformGrid(4980, 30, 0.5)
	s := fixedWingSensor(t)
	if fp := s.Camera.Footprint(nil, pose(0, 0, 300, 0).Vec, 0); len(fp) <= 4 {
		t.Fatalf("footprint at 300 m has %d vertices, want a clipped one", len(fp))
	}
	e := evaluator(t, g, s, reward.Config{})
	visits := []reward.Visit{
		{Pose: pose(1000, 1000, 300, 0.2)},
		straightVisit(pose(1000, 1000, 300, 0.2), pose(1500, 1400, 250, 0.7)),
		straightVisit(pose(1500, 1400, 250, 0.7), pose(1500, 2000, 350, math.Pi/2)),
	}
	got, deltas := chain(e, visits)
	want := e.Replay(visits)
	for n := range visits {
		step := got[n]
		if n > 0 {
			step -= got[n-1]
		}
		if !(step > 0) || math.IsInf(step, 0) || math.Abs(got[n]-want[n]) > 1e-9 {
			t.Errorf("node %d: gain %v, cumulative %v, replay %v", n, step, got[n], want[n])
		}
		for k := range deltas[n].Len() {
			if _, p := deltas[n].Cell(k); !(p >= 0 && p <= 1) {
				t.Errorf("node %d: posterior %v", n, p)
			}
		}
	}
}

// Clones used from several goroutines at once share only read-only state.
func TestClonesConcurrently(t *testing.T) {
	g := uniformGrid(3000, 30, 0.5)
	e := evaluator(t, g, fixedWingSensor(t), reward.Config{})
	visits := []reward.Visit{
		{Pose: pose(1000, 1000, 50, 0)},
		straightVisit(pose(1000, 1000, 50, 0), pose(1400, 1000, 50, 0)),
		straightVisit(pose(1400, 1000, 50, 0), pose(1400, 1300, 50, math.Pi/2)),
	}
	want, _ := chain(e, visits)
	results := make(chan []float64)
	for range 4 {
		c := e.Clone()
		go func() {
			got, _ := chain(c, visits)
			c.SampleWeights(nil, 76)
			results <- got
		}()
	}
	for range 4 {
		got := <-results
		for n := range want {
			if got[n] != want[n] {
				t.Errorf("node %d: clone %v, original %v", n, got[n], want[n])
			}
		}
	}
}

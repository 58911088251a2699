package reward_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"pgregory.net/rapid"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/reward"
)

// levels are the probabilities boundGrid draws from: the prior levels of the
// missions, the confidence threshold, certainty and the outside of the
// search area.
var levels = []float64{0, 1e-6, 0.2, 0.35, 0.49, 0.5, 0.51, 0.9, 1}

// boundGrid is a 2.4 km map whose 10×10-cell blocks each take a drawn
// probability, priority (0 to 2) and sensor model.
func boundGrid(rt *rapid.T, models int) *belief.Grid {
	g := uniformGrid(2400, 30, 0.5)
	blocks := g.Rows / 10
	for b := range blocks * blocks {
		p := levels[rapid.IntRange(0, len(levels)-1).Draw(rt, "p")]
		prio := float64(rapid.IntRange(0, 4).Draw(rt, "priority")) / 2
		m := uint8(rapid.IntRange(0, models-1).Draw(rt, "model"))
		bi, bj := b/blocks, b%blocks
		for i := bi * 10; i < bi*10+10; i++ {
			for j := bj * 10; j < bj*10+10; j++ {
				k := g.Index(i, j)
				g.Prob[k], g.Priority[k], g.Model[k] = p, prio, m
			}
		}
	}
	return g
}

// randomVisit is a node within the map after a straight of 50–500 m (or
// none), at 30–120 m, banking or not, at a time of 0–600 s.
func randomVisit(rt *rapid.T) reward.Visit {
	at := func(name string) (float64, float64) {
		return rapid.Float64Range(200, 2200).Draw(rt, name+"x"), rapid.Float64Range(200, 2200).Draw(rt, name+"y")
	}
	x, y := at("to")
	z := rapid.Float64Range(30, 120).Draw(rt, "z")
	psi := rapid.Float64Range(-math.Pi, math.Pi).Draw(rt, "heading")
	to := pose(x, y, z, psi)
	v := reward.Visit{Pose: to}
	if rapid.Bool().Draw(rt, "straight") {
		l := rapid.Float64Range(50, 500).Draw(rt, "length")
		from := pose(x-l*math.Cos(psi), y-l*math.Sin(psi), rapid.Float64Range(30, 120).Draw(rt, "z0"), psi)
		v = straightVisit(from, to)
	}
	v.Turning = rapid.Bool().Draw(rt, "turning")
	v.Time = rapid.Float64Range(0, 600).Draw(rt, "time")
	return v
}

// TestBoundAboveGain checks Bound against Gain on branches Gain made, for
// the default reward and every term, with the reference's informative
// detection table and with one whose rates move a belief toward 1/2 at some ranges.
func TestBoundAboveGain(t *testing.T) {
	// Rates that move a belief toward 1/2 at some ranges and sharply away
	// from it at others: a look can then gain more than the cell's entropy
	// on the grid.
	confusing, err := belief.TableFromRows([][3]float64{
		{0, 0.2, 0.3}, {40, 0.99, 0.99}, {80, 0.2, 0.3}, {120, 0.99, 0.99}, {160, 0.1, 0.2}, {200, 0.95, 0.99},
	})
	if err != nil {
		t.Fatal(err)
	}
	// Informative rates, but so lopsided that a look gains more at 0.3
	// than at 0.5: a cell the branch saw can earn more than its first look.
	lopsided, err := belief.TableFromRows([][3]float64{{0, 0.99, 0.02}, {100, 0.98, 0.03}, {200, 0.99, 0.02}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		cfg     reward.Config
		extra   []belief.Table
		detects bool
	}{
		{"entropy", reward.Config{}, nil, false},
		{"entropy, lopsided table", reward.Config{}, []belief.Table{lopsided}, false},
		{"entropy, no edge", reward.Config{Edge: boolp(false)}, nil, false},
		{"entropy, confusing table", reward.Config{}, []belief.Table{confusing}, false},
		{"every term", allTerms(), nil, true},
		{"every term, confusing table", allTerms(), []belief.Table{confusing}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rapid.Check(t, func(rt *rapid.T) {
				s := fixedWingSensor(t)
				s.Tables = append(s.Tables, tt.extra...)
				// Model ids past the tables (a sensor without that model)
				// leave beliefs unchanged.
				g := boundGrid(rt, len(s.Tables)+1)
				e := evaluator(t, g, s, tt.cfg)
				if tt.detects {
					e.SetDetections(100, []reward.Detection{{Pos: r2v(1200, 1200), Time: 40}, {Pos: r2v(700, 1600), Time: 90}})
				}
				var branch []*reward.Delta // nearest first
				for n := range rapid.IntRange(1, 12).Draw(rt, "nodes") {
					v := randomVisit(rt)
					bound := e.Bound(branch, v)
					d := new(reward.Delta)
					gain := e.Gain(branch, v, d)
					if !(gain <= bound) {
						rt.Fatalf("node %d: gain %v above the bound %v", n, gain, bound)
					}
					branch = append([]*reward.Delta{d}, branch...)
				}
			})
		})
	}
}

// A look from a height where the table is informative, at cells that looks
// from lower down, where it is not, pushed toward 1/2: it gains more than
// the cells' entropy on the grid, and Bound allows for it.
func TestBoundAfterLooksTowardHalf(t *testing.T) {
	var rows [][3]float64
	for r := 0.0; r <= 300; r += 10 {
		tpr, tnr := 0.99, 0.99
		if r <= 100 {
			tpr, tnr = 0.2, 0.3
		}
		rows = append(rows, [3]float64{r, tpr, tnr})
	}
	tab, err := belief.TableFromRows(rows)
	if err != nil {
		t.Fatal(err)
	}
	s := nadirSensor(t)
	s.Tables = []belief.Table{tab}
	e := evaluator(t, uniformGrid(2400, 30, 0.2), s, reward.Config{})
	var branch []*reward.Delta
	low := 0.0
	for x := 1110.0; x <= 1290; x += 20 {
		for y := 1110.0; y <= 1290; y += 20 {
			d := new(reward.Delta)
			low += e.Gain(branch, reward.Visit{Pose: pose(x, y, 90, 0)}, d)
			branch = append([]*reward.Delta{d}, branch...)
		}
	}
	v := reward.Visit{Pose: pose(1200, 1200, 150, 0)}
	bound := e.Bound(branch, v)
	gain := e.Gain(branch, v, new(reward.Delta))
	if !(low < 0) || !(gain <= bound) {
		t.Errorf("looks from 90 m gain %v (want < 0), the look from 150 m %v, want at most the bound %v", low, gain, bound)
	}
}

// With informative but lopsided rates a look gains more at 0.33 than at
// 0.5, so a straight flown again earns more than the first look's cap on
// the cells it swept before: Bound counts the first-look cap only for cells
// no delta of the branch can hold.
func TestBoundOnASecondPass(t *testing.T) {
	lopsided, err := belief.TableFromRows([][3]float64{{0, 0.99, 0.02}, {1000, 0.99, 0.02}})
	if err != nil {
		t.Fatal(err)
	}
	s := fixedWingSensor(t)
	s.Tables = []belief.Table{lopsided}
	e := evaluator(t, uniformGrid(3000, 30, 0.5), s, reward.Config{})
	v := straightVisit(pose(800, 1000, 50, 0.2), pose(1800, 1200, 50, 0.2))
	first := new(reward.Delta)
	e.Gain(nil, v, first)
	branch := []*reward.Delta{first}
	bound := e.Bound(branch, v)
	if gain := e.Gain(branch, v, new(reward.Delta)); !(gain <= bound) {
		t.Errorf("second pass: gain %v above the bound %v", gain, bound)
	}
}

// Bound hands its cells to the next Gain of the same visit only: the gain
// and the delta are those of a Gain alone, also when another visit comes
// between, and Replay in between does not leave stale cells.
func TestBoundThenGain(t *testing.T) {
	g := twoPatches()
	s := fixedWingSensor(t)
	a := straightVisit(pose(600, 900, 50, 0), pose(1000, 900, 50, 0))
	b := straightVisit(pose(1800, 700, 60, 0.4), pose(2200, 900, 60, 0.4))
	b.Turning = true
	cfg := allTerms()

	type step func(e *reward.Evaluator)
	tests := []struct {
		name   string
		before step
		visit  reward.Visit
	}{
		{"bound of the same visit", func(e *reward.Evaluator) { e.Bound(nil, a) }, a},
		{"bound of another visit", func(e *reward.Evaluator) { e.Bound(nil, b) }, a},
		{"bound, then replay", func(e *reward.Evaluator) { e.Bound(nil, a); e.Replay([]reward.Visit{b}) }, a},
		{"bound, then a gain of another visit", func(e *reward.Evaluator) {
			e.Bound(nil, a)
			e.Gain(nil, b, new(reward.Delta))
		}, a},
		{"bound twice", func(e *reward.Evaluator) { e.Bound(nil, b); e.Bound(nil, a) }, a},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parent reward.Delta
			fresh := evaluator(t, g, s, cfg)
			fresh.Gain(nil, b, &parent)
			var want reward.Delta
			wantGain := fresh.Gain([]*reward.Delta{&parent}, tt.visit, &want)

			e := evaluator(t, g, s, cfg)
			tt.before(e)
			var got reward.Delta
			gotGain := e.Gain([]*reward.Delta{&parent}, tt.visit, &got)
			if gotGain != wantGain || !sameDelta(&got, &want) {
				t.Errorf("gain %v with %d cells, want %v with %d", gotGain, got.Len(), wantGain, want.Len())
			}
		})
	}
}

func sameDelta(a, b *reward.Delta) bool {
	if a.Len() != b.Len() {
		return false
	}
	for k := range a.Len() {
		ia, pa := a.Cell(k)
		ib, pb := b.Cell(k)
		if ia != ib || pa != pb {
			return false
		}
	}
	return true
}

// Extent is the box of the camera footprints at the pose and at both ends
// of the straight (with the start's heading), whether it computes them or
// reuses those of the Bound or Gain of the same visit just before, and with
// the edge term off too.
func TestExtent(t *testing.T) {
	s := fixedWingSensor(t)
	g := uniformGrid(3000, 30, 0.4)
	onStraight := straightVisit(pose(1000, 1000, 50, 0.3), pose(1400, 1100, 50, 0.3))
	afterTurn := onStraight
	afterTurn.Pose = pose(1500, 1250, 60, 1.2)
	vertex := reward.Visit{Pose: pose(2000, 700, 80, -2)}
	box := func(v reward.Visit) (lo, hi r2.Vec) {
		lo, hi = r2v(math.Inf(1), math.Inf(1)), r2v(math.Inf(-1), math.Inf(-1))
		polys := [][]r2.Vec{s.Camera.Footprint(nil, v.Pose.Vec, v.Pose.Heading)}
		if v.HasStraight {
			psi := v.Straight.Start.Heading
			polys = append(polys, s.Camera.Footprint(nil, v.Straight.Start.Vec, psi), s.Camera.Footprint(nil, v.Straight.End.Vec, psi))
		}
		for _, poly := range polys {
			for _, q := range poly {
				lo, hi = r2v(math.Min(lo.X, q.X), math.Min(lo.Y, q.Y)), r2v(math.Max(hi.X, q.X), math.Max(hi.Y, q.Y))
			}
		}
		return lo, hi
	}
	for _, cfg := range []reward.Config{{}, {Edge: boolp(false)}} {
		for _, v := range []reward.Visit{onStraight, afterTurn, vertex} {
			for _, before := range []string{"nothing", "bound", "gain", "bound of another"} {
				e := evaluator(t, g, s, cfg)
				switch before {
				case "bound":
					e.Bound(nil, v)
				case "gain":
					e.Gain(nil, v, new(reward.Delta))
				case "bound of another":
					e.Bound(nil, afterTurn)
					e.Bound(nil, vertex)
				}
				lo, hi, ok := e.Extent(v)
				wantLo, wantHi := box(v)
				if !ok || lo != wantLo || hi != wantHi {
					t.Errorf("edge %v, visit at %v after %s: extent %v–%v (%v), want %v–%v",
						cfg.UseEdge(), v.Pose, before, lo, hi, ok, wantLo, wantHi)
				}
			}
		}
	}
	e := evaluator(t, g, s, reward.Config{})
	if _, _, ok := e.Extent(reward.Visit{Pose: pose(1000, 1000, -5, 0)}); ok {
		t.Error("a camera below the ground has an extent")
	}
}

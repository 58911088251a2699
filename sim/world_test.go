package sim

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
)

// A fixed-wing at (100, 600, 50) heading east sees x ≈ 144..344 m, |y−600|
// up to 21..79 m: cell (8, 20), corner (240, 600), is fully in view.
var fwPose = pose(100, 600, 50, 0)

func TestFrameDetectionRaisesCell(t *testing.T) {
	g := testGrid(40, 30, 0.2)
	targets := []Target{{ID: 0, Pos: r2.Vec{X: 250, Y: 610}}, {ID: 1, Pos: r2.Vec{X: 900, Y: 900}}}
	w := newWorld(g, flatSensor(1, 1, false), targets, rand.New(rand.NewPCG(1, 1)))
	w.frame(fwPose, 12.5)
	k := g.Index(8, 20)
	if g.Prob[k] <= 0.2 {
		t.Errorf("the detected target's cell went to %v from 0.2", g.Prob[k])
	}
	if !w.targets[0].Found || w.targets[0].FoundAt != 12.5 || w.targets[0].Detections != 1 || w.found != 1 {
		t.Errorf("target 0 = %+v, found %d", w.targets[0], w.found)
	}
	if w.targets[1].Found {
		t.Error("a target out of view was found")
	}
	for _, o := range w.observed {
		if o.k != k && g.Prob[o.k] >= 0.2 {
			t.Errorf("cell %d without a target stayed at %v", o.k, g.Prob[o.k])
		}
	}
}

// With no detection, no cell at or below 0.5 gains entropy, and neither does
// the grid: a miss only lowers p there (p above 0.5 may move toward 0.5 and
// gain entropy, as Bayes says it should).
func TestNonDetectionNeverRaisesEntropy(t *testing.T) {
	g := testGrid(60, 30, 0)
	rng := rand.New(rand.NewPCG(7, 7))
	for k := range g.Prob {
		g.Prob[k] = 0.5 * rng.Float64()
	}
	for _, sensor := range []*belief.Sensor{flatSensor(0.9, 1, false), flatSensor(0.6, 1, true)} {
		w := newWorld(g, sensor, nil, rand.New(rand.NewPCG(1, 1)))
		for n := range 200 {
			p := pose(100+rng.Float64()*1500, 100+rng.Float64()*1500, 30+rng.Float64()*100, rng.Float64()*2*math.Pi)
			before := g.TotalEntropy()
			w.frame(p, float64(n))
			if w.falsePositives != 0 {
				t.Fatal("a false positive with tnr = 1")
			}
			for _, o := range w.observed {
				if belief.Entropy(g.Prob[o.k]) > belief.Entropy(o.prev) {
					t.Fatalf("cell %d: entropy rose from p=%v to p=%v on a miss", o.k, o.prev, g.Prob[o.k])
				}
			}
			if after := g.TotalEntropy(); after > before {
				t.Fatalf("frame %d: total entropy rose from %v to %v", n, before, after)
			}
		}
	}
}

// False positives fire at 1 − tnr per observed cell.
func TestFalsePositiveRate(t *testing.T) {
	for _, tnr := range []float64{0.9, 0.99} {
		g := testGrid(40, 30, 0.01)
		w := newWorld(g, flatSensor(0.9, tnr, false), nil, rand.New(rand.NewPCG(3, 4)))
		for n := range 2000 {
			w.frame(fwPose, float64(n))
		}
		n, fpr := float64(w.cellsObserved), 1-tnr
		got := float64(w.falsePositives) / n
		if sigma := math.Sqrt(fpr * (1 - fpr) / n); math.Abs(got-fpr) > 4*sigma {
			t.Errorf("tnr %v: false-positive rate %.5f over %v cells, want %.5f ± %.5f", tnr, got, n, fpr, 4*sigma)
		}
	}
}

// The running entropy and mass track the grid's, and the seen mass is the
// initial probability of the cells seen.
func TestWorldTotals(t *testing.T) {
	g := testGrid(40, 30, 0)
	rng := rand.New(rand.NewPCG(9, 9))
	for k := range g.Prob {
		g.Prob[k] = rng.Float64()
	}
	initial := append([]float64(nil), g.Prob...)
	targets := []Target{{Pos: r2.Vec{X: 250, Y: 610}}, {Pos: r2.Vec{X: 300, Y: 560}}}
	w := newWorld(g, flatSensor(0.8, 0.9, false), targets, rand.New(rand.NewPCG(1, 1)))
	seen := map[int]bool{}
	for n := range 300 {
		w.frame(pose(100+float64(n), 600, 50, 0), float64(n))
		for _, o := range w.observed {
			seen[o.k] = true
		}
	}
	if d := math.Abs(w.entropy - g.TotalEntropy()); d > 1e-9*g.TotalEntropy() {
		t.Errorf("running entropy %v, grid %v", w.entropy, g.TotalEntropy())
	}
	if d := math.Abs(w.mass - g.ProbabilityMass()); d > 1e-9*g.ProbabilityMass() {
		t.Errorf("running mass %v, grid %v", w.mass, g.ProbabilityMass())
	}
	want, total := 0.0, 0.0
	for k, p := range initial {
		total += p
		if seen[k] {
			want += p
		}
	}
	if got := w.probMassSeen(); math.Abs(got-want/total) > 1e-12 {
		t.Errorf("probMassSeen = %v, want %v", got, want/total)
	}
}

func BenchmarkFrame(b *testing.B) {
	g := testGrid(166, 30, 0.3)
	targets := make([]Target, 10)
	for k := range targets {
		targets[k].Pos = r2.Vec{X: 200 + 10*float64(k), Y: 600}
	}
	w := newWorld(g, flatSensor(0.9, 0.9, false), targets, rand.New(rand.NewPCG(1, 1)))
	p := pose(100, 600, 110, 0)
	b.ReportAllocs()
	for b.Loop() {
		w.frame(p, 0)
	}
}

package sim

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
)

func TestTargetStep(t *testing.T) {
	cases := []struct {
		name    string
		tg      Target
		dt      float64
		steps   int
		want    r2.Vec
		heading float64
	}{
		{"static", Target{Pos: r2.Vec{X: 5, Y: 6}}, 0.02, 100, r2.Vec{X: 5, Y: 6}, 0},
		{"straight north-east", Target{Speed: 2, Heading: math.Pi / 4}, 0.02, 500, r2.Vec{X: 20 / math.Sqrt2, Y: 20 / math.Sqrt2}, math.Pi / 4},
		// A full circle of radius 10 m (2 m/s, 0.2 rad/s) returns home.
		{"full circle", Target{Speed: 2, TurnRate: 0.2}, 2 * math.Pi / 0.2 / 1000, 1000, r2.Vec{}, 2 * math.Pi},
		// A quarter circle counter-clockwise from heading east ends at (r, r).
		{"quarter circle", Target{Speed: 2, TurnRate: 0.2}, math.Pi / 2 / 0.2 / 50, 50, r2.Vec{X: 10, Y: 10}, math.Pi / 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tg := c.tg
			for range c.steps {
				tg.Step(c.dt)
			}
			if !near(tg.Pos, c.want, 1e-9) || math.Abs(tg.Heading-c.heading) > 1e-9 {
				t.Errorf("at %v heading %v, want %v heading %v", tg.Pos, tg.Heading, c.want, c.heading)
			}
		})
	}
}

// Targets drawn from the prior land only where there is belief, uniformly in
// the cell, with frequencies proportional to the cells' probabilities; the
// explicit list comes first.
func TestPlaceTargets(t *testing.T) {
	g := testGrid(10, 30, 0)
	a, b := g.Index(2, 3), g.Index(7, 1)
	g.Prob[a], g.Prob[b] = 0.1, 0.3
	cfg := Targets{Count: 4000, From: FromPrior, List: []TargetSpec{{X: -5, Y: 7, Speed: 3, HeadingDeg: 90, TurnRateDeg: -10}}}
	ts, err := placeTargets(cfg, g, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	if len(ts) != 4001 {
		t.Fatalf("got %d targets, want 4001", len(ts))
	}
	first := ts[0]
	if first.Pos != (r2.Vec{X: -5, Y: 7}) || first.Speed != 3 || math.Abs(first.Heading-math.Pi/2) > 1e-15 || math.Abs(first.TurnRate+math.Pi/18) > 1e-15 {
		t.Errorf("listed target = %+v", first)
	}
	count := map[int]int{}
	for n, tg := range ts[1:] {
		if tg.ID != n+1 || tg.Speed != 0 {
			t.Fatalf("drawn target %+v", tg)
		}
		i, j, ok := g.CellOf(tg.Pos)
		if !ok {
			t.Fatalf("target %v outside the grid", tg.Pos)
		}
		count[g.Index(i, j)]++
	}
	if len(count) != 2 {
		t.Fatalf("targets in %d cells, want only the 2 with belief", len(count))
	}
	// 3:1 odds; the share of cell b is 0.75 ± 4σ (σ ≈ 0.0068 for 4000 draws).
	if share := float64(count[b]) / 4000; math.Abs(share-0.75) > 4*math.Sqrt(0.75*0.25/4000) {
		t.Errorf("share of the 0.3 cell = %.4f, want 0.75", share)
	}
}

func TestPlaceTargetsNoMass(t *testing.T) {
	_, err := placeTargets(Targets{Count: 1, From: FromPrior}, testGrid(4, 30, 0), rand.New(rand.NewPCG(1, 2)))
	if !errors.Is(err, errNoMass) {
		t.Errorf("err = %v, want errNoMass", err)
	}
	ts, err := placeTargets(Targets{List: []TargetSpec{{X: 1}}}, testGrid(4, 30, 0), rand.New(rand.NewPCG(1, 2)))
	if err != nil || len(ts) != 1 {
		t.Errorf("a listed target on an empty prior: %v, %v", ts, err)
	}
}

package sim

import (
	"errors"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
)

// Target is a ground-truth target: a unicycle on the ground plane moving at a
// constant speed and turn rate (model §6.2). A static target has Speed 0.
type Target struct {
	ID       int
	Pos      r2.Vec  // metres, ENU
	Heading  float64 // radians, counter-clockwise from east
	Speed    float64 // m/s
	TurnRate float64 // rad/s, positive counter-clockwise

	// Found is set by the first detection; FoundAt is the mission time of
	// that frame (seconds) and Detections counts every frame that detected
	// the target.
	Found      bool
	FoundAt    float64
	Detections int
}

// Step moves t forward by dt seconds along its exact constant-turn arc (not
// the reference's Euler step, so a circling target stays on its circle at any
// physics rate).
func (t *Target) Step(dt float64) {
	if t.Speed == 0 {
		t.Heading += t.TurnRate * dt
		return
	}
	if t.TurnRate == 0 {
		s, c := math.Sincos(t.Heading)
		t.Pos.X += t.Speed * dt * c
		t.Pos.Y += t.Speed * dt * s
		return
	}
	r := t.Speed / t.TurnRate
	s0, c0 := math.Sincos(t.Heading)
	t.Heading += t.TurnRate * dt
	s1, c1 := math.Sincos(t.Heading)
	t.Pos.X += r * (s1 - s0)
	t.Pos.Y += r * (c0 - c1)
}

// errNoMass is returned when targets are to be drawn from a prior with
// nothing in it.
var errNoMass = errors.New("sim.targets: the belief has no probability mass to draw targets from")

// placeTargets builds the ground truth of cfg: the explicit list first, then
// cfg.Count targets drawn from g with probability proportional to each cell's
// belief, uniformly inside the chosen cell, static.
func placeTargets(cfg Targets, g *belief.Grid, rng *rand.Rand) ([]Target, error) {
	ts := make([]Target, 0, len(cfg.List)+cfg.Count)
	for _, s := range cfg.List {
		ts = append(ts, Target{
			ID:       len(ts),
			Pos:      r2.Vec{X: s.X, Y: s.Y},
			Heading:  s.HeadingDeg * math.Pi / 180,
			Speed:    s.Speed,
			TurnRate: s.TurnRateDeg * math.Pi / 180,
		})
	}
	if cfg.Count == 0 {
		return ts, nil
	}
	cum := make([]float64, len(g.Prob))
	total := 0.0
	for k, p := range g.Prob {
		if p > 0 {
			total += p
		}
		cum[k] = total
	}
	if !(total > 0) {
		return nil, errNoMass
	}
	for range cfg.Count {
		k := sort.SearchFloat64s(cum, rng.Float64()*total)
		// A draw of exactly a cumulative value lands on the cell that ends
		// there; step past zero-probability cells that share the value.
		for k < len(cum)-1 && g.Prob[k] <= 0 {
			k++
		}
		c := g.Corner(k/g.Cols, k%g.Cols)
		ts = append(ts, Target{
			ID:  len(ts),
			Pos: r2.Vec{X: c.X + rng.Float64()*g.Res, Y: c.Y + rng.Float64()*g.Res},
		})
	}
	return ts, nil
}

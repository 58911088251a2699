package sim

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// world is the ground truth and the belief about it: the targets, the camera
// and the grid the camera updates.
type world struct {
	grid    *belief.Grid
	sensor  *belief.Sensor
	targets []Target
	rng     *rand.Rand // detections and false positives only, so target motion never shifts them

	// Scratch reused by every frame.
	fp       []r2.Vec
	pos      r3.Vec
	hits     []int // cells holding a target detected in this frame
	observed []observation
	detect   func(i, j int) bool // w.detected, bound once so frames do not allocate

	seen []uint64 // bit per cell: observed at least once

	// Running totals, updated from the cells each frame observed.
	entropy, mass  float64
	seenMass       float64 // initial probability of the cells seen so far
	initialMass    float64
	cellsObserved  int
	falsePositives int
	found          int
}

// observation is a cell a frame updated and its probability before.
type observation struct {
	k    int
	prev float64
}

func newWorld(g *belief.Grid, s *belief.Sensor, targets []Target, rng *rand.Rand) *world {
	w := &world{
		grid: g, sensor: s, targets: targets, rng: rng,
		seen:    make([]uint64, (g.Len()+63)/64),
		entropy: g.TotalEntropy(),
		mass:    g.ProbabilityMass(),
	}
	w.initialMass = w.mass
	w.detect = w.detected
	return w
}

// step moves every target by dt seconds.
func (w *world) step(dt float64) {
	for k := range w.targets {
		w.targets[k].Step(dt)
	}
}

// frame is one camera frame from pose at mission time t: the targets in view
// are detected at the true-positive rate of their range, every cell fully in
// view fires falsely at its false-positive rate, and the belief takes the
// Bayes update of what the detector reported. The camera is level (roll and
// body pitch 0), as the planner assumes.
func (w *world) frame(pose motion.Pose, t float64) {
	w.fp = w.sensor.Camera.Footprint(w.fp, pose.Vec, pose.Heading)
	if len(w.fp) < 3 {
		return
	}
	w.pos = pose.Vec
	w.hits = w.hits[:0]
	fp := geom.Polygon(w.fp)
	g := w.grid
	for n := range w.targets {
		tg := &w.targets[n]
		if !fp.Contains(tg.Pos) {
			continue
		}
		var model uint8
		i, j, inGrid := g.CellOf(tg.Pos)
		if inGrid {
			model = g.Model[g.Index(i, j)]
		}
		dx, dy := tg.Pos.X-pose.X, tg.Pos.Y-pose.Y
		tpr, _ := w.sensor.Rates(model, math.Sqrt(dx*dx+dy*dy+pose.Z*pose.Z))
		if w.rng.Float64() >= tpr {
			continue
		}
		tg.Detections++
		if !tg.Found {
			tg.Found, tg.FoundAt = true, t
			w.found++
		}
		if inGrid {
			w.hits = append(w.hits, g.Index(i, j))
		}
	}
	w.observed = w.observed[:0]
	g.ObserveFootprint(w.sensor, pose.Vec, w.fp, w.detect)
	for _, o := range w.observed {
		p := g.Prob[o.k]
		w.entropy += belief.Entropy(p) - belief.Entropy(o.prev)
		w.mass += p - o.prev
		if bit := uint64(1) << (o.k % 64); w.seen[o.k/64]&bit == 0 {
			w.seen[o.k/64] |= bit
			// A cell changes only when observed, so at its first sight
			// its probability is still the initial one.
			w.seenMass += o.prev
		}
	}
	w.cellsObserved += len(w.observed)
}

// detected is the detector's output for cell (i, j) of the current frame:
// true if a target there was detected, else a false positive with the
// probability 1 − tnr at the cell's range (the range ObserveFootprint uses:
// from the camera to the cell's lower-left corner).
func (w *world) detected(i, j int) bool {
	g := w.grid
	k := g.Index(i, j)
	w.observed = append(w.observed, observation{k: k, prev: g.Prob[k]})
	if slices.Contains(w.hits, k) {
		return true
	}
	dx := g.XStart + float64(i)*g.Res - w.pos.X
	dy := g.YStart + float64(j)*g.Res - w.pos.Y
	_, tnr := w.sensor.Rates(g.Model[k], math.Sqrt(dx*dx+dy*dy+w.pos.Z*w.pos.Z))
	if w.rng.Float64() < 1-tnr {
		w.falsePositives++
		return true
	}
	return false
}

// probMassSeen is the fraction of the initial probability mass in cells the
// camera has seen at least once.
func (w *world) probMassSeen() float64 {
	if !(w.initialMass > 0) {
		return 0
	}
	return w.seenMass / w.initialMass
}

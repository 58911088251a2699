package planner

import (
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// sampler is the informed sampler of model §2.2: it draws a cell with
// probability proportional to the expected gain of observing it, then a pose
// from which the camera sees that cell at the aim point of the image.
type sampler struct {
	decl       float64 // declination of the aim ray below the horizon
	slantRange float64 // nominal slant range to an aimed cell
	zMin, zMax float64

	weights []float64 // per cell, then cumulative in place
	total   float64
	grid    *belief.Grid

	// end is the end_region term's region, if any: a share of the samples
	// are drawn inside it, so that branches come back to end there.
	end    reward.Region
	hasEnd bool
	endBox r2.Box
}

// endShare is the share of samples drawn inside the end region when the
// mission has one. Each such sample pulls the nodes within extend_radius one
// edge closer to the region, so a tenth of the samples brings branches back
// from across the search area without starving the search itself.
const endShare = 0.1

// endTries bounds the rejection sampling of a point inside the end region;
// a region that fills less than 1/endTries of its bounding box gets the last
// point of its box drawn, which still pulls the tree toward it.
const endTries = 64

func (s *sampler) init(p Problem) {
	cam := p.Sensor.Camera
	s.decl = cam.Pitch + p.Config.ViewpointGoal*cam.VFOV()/2
	s.slantRange = p.Altitude / math.Sin(s.decl)
	if cam.MaxRange > 0 && s.slantRange > cam.MaxRange {
		s.slantRange = cam.MaxRange
	}
	s.zMin, s.zMax = p.AltitudeMin, p.AltitudeMax
}

// region makes the sampler draw a share of its samples inside e's region.
func (s *sampler) region(e endRegion) {
	s.end, s.hasEnd = e.region, e.has
	if e.has {
		s.endBox = e.region.Bounds()
	}
}

// build recomputes the cell distribution from the belief g. With a horizon,
// cells whose centre is farther from start than the distance limit plus the
// stand-off get no weight. When every weight is zero (an empty or fully
// explored belief) it falls back to uniform over the cells whose centre is
// in the search bounds (and within the horizon if any is), so planning still
// covers the area instead of failing (DESIGN §2 FIX).
func (s *sampler) build(ev *reward.Evaluator, g *belief.Grid, start motion.Pose, b Budget, distLimit float64) {
	s.grid = g
	s.weights = ev.SampleWeights(s.weights, s.slantRange)
	reach := math.Inf(1)
	if b.Horizon > 0 {
		reach = distLimit + s.zMax/math.Abs(math.Tan(s.decl))
	}
	o := r2.Vec{X: start.X, Y: start.Y}
	far := func(k int) bool {
		return reach < math.Inf(1) && r2.Norm(r2.Sub(g.Center(k/g.Cols, k%g.Cols), o)) > reach
	}
	s.total = s.accumulate(func(k int) float64 {
		if far(k) {
			return 0
		}
		return s.weights[k]
	})
	if s.total > 0 {
		return
	}
	inBounds := func(k int) bool { return g.Bounds.ContainsInclusive(g.Center(k/g.Cols, k%g.Cols)) }
	s.total = s.accumulate(func(k int) float64 { return indicator(inBounds(k) && !far(k)) })
	if s.total == 0 {
		s.total = s.accumulate(func(k int) float64 { return indicator(inBounds(k)) })
	}
	if s.total == 0 {
		s.total = s.accumulate(func(int) float64 { return 1 })
	}
}

func indicator(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// accumulate overwrites weights with the running sum of w(k) and returns
// the total.
func (s *sampler) accumulate(w func(k int) float64) float64 {
	sum := 0.0
	for k := range s.weights {
		sum += w(k)
		s.weights[k] = sum
	}
	return sum
}

// draw returns a sampled pose: a cell drawn by weight, a heading uniform in
// [-π, π), an altitude uniform in [zMin, zMax], and the position pulled
// back from the cell centre along the heading by altitude/tan(decl), so that
// the cell appears at the image's aim point. With an end region, a share
// endShare of the samples are instead a point uniform in the region, with a
// heading and an altitude drawn alike.
func (s *sampler) draw(rng *rand.Rand) motion.Pose {
	if s.hasEnd && rng.Float64() < endShare {
		return s.drawEnd(rng)
	}
	u := rng.Float64() * s.total
	k := sort.Search(len(s.weights), func(k int) bool { return s.weights[k] > u })
	k = min(k, len(s.weights)-1)
	g := s.grid
	c := g.Center(k/g.Cols, k%g.Cols)
	psi := -math.Pi + 2*math.Pi*rng.Float64()
	z := s.zMin + (s.zMax-s.zMin)*rng.Float64()
	back := z / math.Tan(s.decl)
	sin, cos := math.Sincos(psi)
	q := motion.Pose{Heading: psi}
	q.X, q.Y, q.Z = c.X-back*cos, c.Y-back*sin, z
	return q
}

// drawEnd draws a pose uniformly inside the end region.
func (s *sampler) drawEnd(rng *rand.Rand) motion.Pose {
	b := s.endBox
	var c r2.Vec
	for range endTries {
		c = r2.Vec{X: b.Min.X + (b.Max.X-b.Min.X)*rng.Float64(), Y: b.Min.Y + (b.Max.Y-b.Min.Y)*rng.Float64()}
		if s.end.Contains(c) {
			break
		}
	}
	q := motion.Pose{Heading: -math.Pi + 2*math.Pi*rng.Float64()}
	q.X, q.Y, q.Z = c.X, c.Y, s.zMin+(s.zMax-s.zMin)*rng.Float64()
	return q
}

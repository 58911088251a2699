package planner

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// random is the random baseline (model §5.2): each iteration draws a point
// uniformly inside the search bounds (rejection sampling over their bounding
// box, with the concave-correct test the reference lacks) and flies to its
// viewpoint. The reward is computed for the record but never used to
// choose.
type random struct {
	*chain
	rng     *rand.Rand
	bounds  geom.Polygon
	box     r2.Box
	decl, z float64
}

// randomStream separates the random baseline's stream from the tree's.
const randomStream = 0x72616e646f6d0001

// maxDraws bounds the rejection sampling of one point: a polygon filling
// less than 1/maxDraws of its bounding box gets no point that iteration.
const maxDraws = 1000

func newRandom(p Problem) (*random, error) {
	c, err := newChain(p)
	if err != nil {
		return nil, err
	}
	b := p.Grid.Bounds
	return &random{
		chain: c, rng: rand.New(rand.NewPCG(p.Config.Seed, randomStream)),
		bounds: b, box: b.Bounds(),
		decl: aimDeclination(p.Sensor.Camera, p.Config.ViewpointGoal), z: p.Altitude,
	}, nil
}

// Replan implements Replanner.
func (r *random) Replan(ctx context.Context, start motion.Pose, budget Budget, grid *belief.Grid, term Termination) (Result, error) {
	if err := r.begin(start, budget, grid); err != nil {
		return Result{}, err
	}
	it := 0
	for ; !term.Done(it) && !r.exhausted(); it++ {
		if err := ctx.Err(); err != nil {
			return r.result(it, len(r.legs)), fmt.Errorf("planner: replan cancelled after %d iterations: %w", it, err)
		}
		if pt, ok := r.draw(); ok {
			r.extend(viewpoint(r.last().end(), pt, r.z, r.decl), math.Inf(1))
		}
	}
	return r.result(it, len(r.legs)), nil
}

// draw returns a point drawn uniformly inside the bounds.
func (r *random) draw() (r2.Vec, bool) {
	size := r2.Sub(r.box.Max, r.box.Min)
	for range maxDraws {
		q := r2.Vec{X: r.box.Min.X + size.X*r.rng.Float64(), Y: r.box.Min.Y + size.Y*r.rng.Float64()}
		if r.bounds.Contains(q) {
			return q, true
		}
	}
	return r2.Vec{}, false
}

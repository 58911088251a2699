package reward_test

import (
	"context"
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
)

// plan runs the IA-TIGRIS planner for a multirotor (straight edges, so the
// straight and the pose of a Visit are its whole edge) on a uniform 1 km
// field with cfg as the reward.
func plan(t *testing.T, cfg reward.Config, iters int) planner.Result {
	t.Helper()
	model, err := motion.NewModel(motion.Config{Kind: motion.KindMultirotor, Speed: 5, Altitude: 30})
	if err != nil {
		t.Fatal(err)
	}
	pc := planner.DefaultConfig()
	pc.Step, pc.ExtendDist, pc.ExtendRadius, pc.PruneRadius, pc.ViewpointGoal = 20, 300, 400, 30, 0
	p, err := planner.New(planner.Problem{
		Model: model, Grid: uniformGrid(1000, 20, 0.3), Sensor: nadirSensor(t), Reward: cfg,
		Altitude: 30, Budget: planner.Budget{Distance: 2000}, Config: pc,
	})
	if err != nil {
		t.Fatal(err)
	}
	start := pose(100, 100, 30, math.Pi/4)
	res, err := p.Replan(context.Background(), start, planner.Budget{Distance: 2000}, uniformGrid(1000, 20, 0.3), planner.Iterations(iters))
	if err != nil {
		t.Fatal(err)
	}
	return res
}

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
// around the point, which the plain entropy plan flies through.
func TestPlannerHonoursStandoff(t *testing.T) {
	centre := r2.Vec{X: 350, Y: 350}
	const radius = 150
	plain := plan(t, reward.Config{}, 60)
	if d := closestApproach(centre, plain.Path); d >= radius {
		t.Fatalf("test setup: the entropy-only plan stays %v m from the point anyway", d)
	}
	cfg := terms(term(reward.TermEntropy, 1),
		reward.Term{Kind: reward.TermStandoff, Weight: 100, Radius: radius, Points: []geom.Point{{X: centre.X, Y: centre.Y}}})
	res := plan(t, cfg, 60)
	if d := closestApproach(centre, res.Path); d < radius {
		t.Errorf("the plan comes within %v m of the standoff point (radius %v)", d, radius)
	}
	if !(res.Reward > 0.5*plain.Reward) {
		t.Errorf("standoff plan earns %v, the plain one %v: the detour should cost little", res.Reward, plain.Reward)
	}
}

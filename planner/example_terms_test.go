package planner_test

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
)

// A fixed-wing searches a 2 km square and must be back within 200 m of its
// launch point when the budget ends (a required end_region). A target
// found on the way is handed to the planner between replans, so the next
// plan keeps 150 m away from it (a standoff on detections).
func ExamplePlanner_SetDetections() {
	bounds := []geom.Point{{X: 0, Y: 0}, {X: 2000, Y: 0}, {X: 2000, Y: 2000}, {X: 0, Y: 2000}}
	p3 := 0.3
	grid, err := belief.NewGrid(belief.MapConfig{Resolution: 30, Bounds: bounds},
		[]belief.Prior{{Polygon: []geom.Point{{X: 400, Y: 800}, {X: 1600, Y: 800}, {X: 1600, Y: 1800}, {X: 400, Y: 1800}}, Probability: &p3}})
	if err != nil {
		panic(err)
	}
	sensor, err := belief.NewSensor(belief.DefaultSensorConfig(), nil)
	if err != nil {
		panic(err)
	}
	model, err := motion.NewModel(motion.Config{Kind: motion.KindFixedWing, Speed: 20, MinTurnRadius: 80, Altitude: 50})
	if err != nil {
		panic(err)
	}
	home := geom.Point{X: 1000, Y: 200}
	budget := planner.Budget{Distance: 5000}
	p, err := planner.New(planner.Problem{
		Model: model, Grid: grid, Sensor: sensor, Altitude: 50, Budget: budget, Config: planner.DefaultConfig(),
		Reward: reward.Config{Terms: []reward.Term{
			{Kind: reward.TermEntropy, Weight: 1},
			{Kind: reward.TermStandoff, Weight: 100, Radius: 150, Detected: true},
			{Kind: reward.TermEndRegion, Weight: 20, Circle: &motion.CircleZone{Center: home, Radius: 200}, Required: true},
		}},
	})
	if err != nil {
		panic(err)
	}
	start := motion.Pose{Vec: r3.Vec{X: 1000, Y: 200, Z: 50}, Heading: math.Pi / 2}
	target := r2.Vec{X: 1000, Y: 1300}
	p.SetDetections(30, []reward.Detection{{Pos: target, Time: 25}})
	res, err := p.Replan(context.Background(), start, budget, grid, planner.Iterations(100))
	if err != nil {
		panic(err)
	}
	last := res.Path[len(res.Path)-1]
	closest := math.Inf(1)
	for _, q := range res.Path {
		closest = math.Min(closest, r2.Norm(r2.Sub(r2.Vec{X: q.X, Y: q.Y}, target)))
	}
	fmt.Println("ends at home:", res.EndOK, math.Hypot(last.X-home.X, last.Y-home.Y) <= 200)
	fmt.Println("keeps away from the target:", closest >= 150)
	// Output:
	// ends at home: true true
	// keeps away from the target: true
}

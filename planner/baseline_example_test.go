package planner_test

import (
	"context"
	"fmt"

	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/planner"
	"github.com/tigris-uav/tigris/reward"
)

// Every planner kind is built from the same Problem and driven the same
// way; here each plans once over a 1 km square with a likely triangle.
func ExampleBuild() {
	bounds := []geom.Point{{X: 0, Y: 0}, {X: 1000, Y: 0}, {X: 1000, Y: 1000}, {X: 0, Y: 1000}}
	half := 0.5
	grid, err := belief.NewGrid(belief.MapConfig{Resolution: 30, Bounds: bounds},
		[]belief.Prior{{Polygon: []geom.Point{{X: 200, Y: 200}, {X: 800, Y: 200}, {X: 800, Y: 800}}, Probability: &half}})
	if err != nil {
		panic(err)
	}
	sensor, err := belief.NewSensor(belief.DefaultSensorConfig(), nil)
	if err != nil {
		panic(err)
	}
	model, err := motion.NewModel(motion.Config{Kind: motion.KindFixedWing, Speed: 25, MinTurnRadius: 80, Altitude: 50})
	if err != nil {
		panic(err)
	}
	budget := planner.Budget{Distance: 3000}
	start := motion.Pose{Vec: r3.Vec{X: 100, Y: 100, Z: 50}}
	for _, kind := range planner.Kinds() {
		cfg := planner.DefaultConfig()
		cfg.Kind = kind
		p, err := planner.Build(planner.Problem{
			Model: model, Grid: grid, Sensor: sensor, Reward: reward.DefaultConfig(),
			Altitude: 50, Budget: budget, Config: cfg,
		})
		if err != nil {
			panic(err)
		}
		res, err := p.Replan(context.Background(), start, budget, grid, planner.Iterations(10))
		if err != nil {
			panic(err)
		}
		fmt.Printf("%-9s within budget: %v, gains information: %v\n", kind, res.Cost <= budget.Distance, res.Reward > 0)
	}
	// Output:
	// ia-tigris within budget: true, gains information: true
	// tigris    within budget: true, gains information: true
	// greedy    within budget: true, gains information: true
	// mcts      within budget: true, gains information: true
	// random    within budget: true, gains information: true
	// lawnmower within budget: true, gains information: true
}

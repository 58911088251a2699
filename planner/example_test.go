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

// A fixed-wing searches a 1 km square whose lower-right triangle probably
// holds a target; one plan of 30 iterations, reproducible for the seed.
func Example() {
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
	p, err := planner.New(planner.Problem{
		Model: model, Grid: grid, Sensor: sensor, Reward: reward.DefaultConfig(),
		Altitude: 50, Budget: budget, Config: planner.DefaultConfig(),
	})
	if err != nil {
		panic(err)
	}
	start := motion.Pose{Vec: r3.Vec{X: 100, Y: 100, Z: 50}}
	res, err := p.Replan(context.Background(), start, budget, grid, planner.Iterations(30))
	if err != nil {
		panic(err)
	}
	fmt.Println("starts at the vehicle:", res.Path[0] == start)
	fmt.Println("ends at the best node:", res.Path[len(res.Path)-1] == res.Segments[len(res.Segments)-1][len(res.Segments[len(res.Segments)-1])-1])
	fmt.Println("within budget:", res.Cost <= budget.Distance)
	fmt.Println("gains information:", res.Reward > 0)
	// Output:
	// starts at the vehicle: true
	// ends at the best node: true
	// within budget: true
	// gains information: true
}

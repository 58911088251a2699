package reward_test

import (
	"fmt"
	"math"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// A two-node branch: the root looks at the map, then the child flies a 300 m
// straight and looks again. The child's gain is computed on top of the root's
// delta, so the cells both saw pay only once in full.
func Example() {
	// A 3 km square of 30 m cells, every cell at 0.5.
	const n = 100
	g := &belief.Grid{Res: 30, Rows: n, Cols: n,
		Prob: make([]float64, n*n), Priority: make([]float64, n*n), Model: make([]uint8, n*n)}
	for k := range g.Prob {
		g.Prob[k], g.Priority[k] = 0.5, 1
	}
	table, err := belief.NamedTable("fixedwing_sensor_model_0.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &belief.Sensor{
		Camera: belief.Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 6, MaxRange: 700},
		Tables: []belief.Table{table},
	}
	e, err := reward.NewEvaluator(g, s, reward.DefaultConfig())
	if err != nil {
		fmt.Println(err)
		return
	}

	at := func(x, y float64) motion.Pose {
		var p motion.Pose
		p.X, p.Y, p.Z = x, y, 50
		return p
	}
	var root, child reward.Delta
	r0 := e.Gain(nil, reward.Visit{Pose: at(1000, 1000)}, &root)
	r1 := e.Gain([]*reward.Delta{&root}, reward.Visit{
		Pose:        at(1300, 1000),
		Straight:    motion.Straight{Start: at(1000, 1000), End: at(1300, 1000), To: 300},
		HasStraight: true,
		Time:        12,
	}, &child)
	fmt.Printf("root:  %.4f bits over %d cells\n", r0, root.Len())
	fmt.Printf("child: %.4f bits over %d cells\n", r1, child.Len())
	// Output:
	// root:  6.2793 bits over 12 cells
	// child: 29.3457 bits over 52 cells
}

// Several terms at once: entropy, the expected targets found, and a standoff
// penalty for coming within 200 m of a point. GainTerms splits the node's
// gain by term.
func ExampleEvaluator_GainTerms() {
	const n = 100
	g := &belief.Grid{Res: 30, Rows: n, Cols: n,
		Prob: make([]float64, n*n), Priority: make([]float64, n*n), Model: make([]uint8, n*n)}
	for k := range g.Prob {
		g.Prob[k], g.Priority[k] = 0.9, 1
	}
	table, err := belief.NamedTable("fixedwing_sensor_model_0.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := &belief.Sensor{
		Camera: belief.Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 6, MaxRange: 700},
		Tables: []belief.Table{table},
	}
	cfg := reward.Config{Terms: []reward.Term{
		{Kind: reward.TermEntropy, Weight: 1},
		{Kind: reward.TermDetection, Weight: 2},
		{Kind: reward.TermStandoff, Weight: 5, Radius: 200, Points: []geom.Point{{X: 1100, Y: 1000}}},
	}}
	e, err := reward.NewEvaluator(g, s, cfg)
	if err != nil {
		fmt.Println(err)
		return
	}
	var p motion.Pose
	p.X, p.Y, p.Z = 1000, 1000, 50
	parts := make([]float64, len(e.Terms()))
	gain := e.GainTerms(nil, reward.Visit{Pose: p}, new(reward.Delta), parts)
	for k, t := range e.Terms() {
		fmt.Printf("%-9s %8.4f\n", t.Kind, parts[k])
	}
	fmt.Printf("gain      %8.4f\n", gain)
	// Output:
	// entropy     4.4623
	// detection  19.3860
	// standoff   -2.5000
	// gain       21.3483
}

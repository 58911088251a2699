package reward_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/reward"
)

// uniformGrid is a size×size metre square map starting at the origin with
// res-metre cells, all at probability p, priority 1, sensor model 0.
func uniformGrid(size, res, p float64) *belief.Grid {
	n := int(size / res)
	g := &belief.Grid{
		Res: res, Rows: n, Cols: n,
		Prob: make([]float64, n*n), Priority: make([]float64, n*n), Model: make([]uint8, n*n),
		Bounds: geom.Polygon{{X: 0, Y: 0}, {X: size, Y: 0}, {X: size, Y: size}, {X: 0, Y: size}},
	}
	for k := range g.Prob {
		g.Prob[k], g.Priority[k] = p, 1
	}
	return g
}

// fixedWingSensor is the reference fixed-wing camera (f 15, 10×10 sensor,
// pitch 30°, clipped at 700 m) with the model 0 table.
func fixedWingSensor(t testing.TB) *belief.Sensor {
	return sensor(t, math.Pi/6)
}

// nadirSensor is the same camera looking straight down.
func nadirSensor(t testing.TB) *belief.Sensor {
	return sensor(t, math.Pi/2)
}

func sensor(t testing.TB, pitch float64) *belief.Sensor {
	t.Helper()
	tab, err := belief.NamedTable("fixedwing_sensor_model_0.csv")
	if err != nil {
		t.Fatal(err)
	}
	return &belief.Sensor{
		Camera: belief.Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: pitch, MaxRange: 700},
		Tables: []belief.Table{tab},
	}
}

func evaluator(t testing.TB, g *belief.Grid, s *belief.Sensor, cfg reward.Config) *reward.Evaluator {
	t.Helper()
	e, err := reward.NewEvaluator(g, s, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func pose(x, y, z, psi float64) motion.Pose {
	var p motion.Pose
	p.X, p.Y, p.Z, p.Heading = x, y, z, psi
	return p
}

// straightVisit is a node at `to` whose incoming edge is one straight from
// `from` (with to's heading) to `to`.
func straightVisit(from, to motion.Pose) reward.Visit {
	s := from
	s.Heading = to.Heading
	return reward.Visit{
		Pose:        to,
		Straight:    motion.Straight{Start: s, End: to, To: r2.Norm(r2.Vec{X: to.X - from.X, Y: to.Y - from.Y})},
		HasStraight: true,
	}
}

// chain evaluates visits one after the other, each on the branch of the
// previous ones, and returns the cumulative rewards and the deltas.
func chain(e *reward.Evaluator, visits []reward.Visit) ([]float64, []*reward.Delta) {
	var branch []*reward.Delta // nearest first
	var deltas []*reward.Delta
	total := 0.0
	cum := make([]float64, len(visits))
	for n, v := range visits {
		d := new(reward.Delta)
		total += e.Gain(branch, v, d)
		cum[n] = total
		deltas = append(deltas, d)
		branch = append([]*reward.Delta{d}, branch...)
	}
	return cum, deltas
}

func boolp(b bool) *bool { return &b }

func r2v(x, y float64) r2.Vec { return r2.Vec{X: x, Y: y} }

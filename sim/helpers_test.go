package sim

import (
	"math"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
)

// testGrid is an n×n grid of res-metre cells from the origin, every cell at
// probability p.
func testGrid(n int, res, p float64) *belief.Grid {
	side := float64(n) * res
	g := &belief.Grid{
		Res: res, Rows: n, Cols: n,
		Prob: make([]float64, n*n), Priority: make([]float64, n*n), Model: make([]uint8, n*n),
		Bounds: geom.Polygon{{}, {X: side}, {X: side, Y: side}, {Y: side}},
	}
	for k := range g.Prob {
		g.Prob[k], g.Priority[k] = p, 1
	}
	return g
}

// flatSensor is a sensor whose detection rates do not depend on range: a
// nadir camera for multirotor-style tests when nadir is set, else the
// reference's forward-looking fixed-wing camera.
func flatSensor(tpr, tnr float64, nadir bool) *belief.Sensor {
	cam := belief.Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 6, MaxRange: 700}
	if nadir {
		cam.Pitch, cam.MaxRange = math.Pi/2, 130
	}
	return &belief.Sensor{Camera: cam, Tables: []belief.Table{{Step: 10, TPR: []float64{tpr, tpr}, TNR: []float64{tnr, tnr}}}}
}

func near(a, b r2.Vec, tol float64) bool { return r2.Norm(r2.Sub(a, b)) <= tol }

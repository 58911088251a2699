package viz_test

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
	"github.com/tigris-uav/tigris/viz"
)

// Render a frame headless and read a pixel back: the vehicle's colour is
// where the vehicle is.
func Example() {
	grid := &belief.Grid{Res: 10, Rows: 20, Cols: 20, Prob: make([]float64, 400)}
	for k := range grid.Prob {
		grid.Prob[k] = 0.3
	}
	f := &viz.Frame{
		Belief:     grid,
		Bounds:     geom.Polygon{{X: 0, Y: 0}, {X: 200, Y: 0}, {X: 200, Y: 200}, {X: 0, Y: 200}},
		Plan:       []r2.Vec{{X: 100, Y: 100}, {X: 150, Y: 170}},
		Vehicle:    motion.Pose{Vec: r3.Vec{X: 100, Y: 100, Z: 40}, Heading: math.Pi / 2},
		HasVehicle: true,
		HUD:        viz.UnknownHUD(),
	}
	r := viz.NewRenderer(320, 240)
	v := r.Fit(f)
	img := r.Render(f, v) // encode it with image/png to keep it

	p := v.ToScreen(r2.Vec{X: 100, Y: 100})
	fmt.Println(img.RGBAAt(int(p.X), img.Bounds().Dy()-1-int(p.Y)))
	fmt.Println(r.Scene.Palette.Vehicle)
	// Output:
	// {255 38 191 255}
	// {1 0.15 0.75 1}
}

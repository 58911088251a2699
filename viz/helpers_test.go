package viz

import (
	"image"
	"image/color"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/motion"
)

// testFrame is a small known scene on a 400 m × 300 m area: a belief whose
// probability grows from west to east, a circular and a concave keep-out, a
// tree, a plan, a trail, the vehicle heading north-east with its footprint,
// two targets (one found) and a false detection.
func testFrame() *Frame {
	g := &belief.Grid{Res: 10, Rows: 40, Cols: 30}
	n := g.Rows * g.Cols
	g.Prob, g.Priority, g.Model = make([]float64, n), make([]float64, n), make([]uint8, n)
	for i := range g.Rows {
		for j := range g.Cols {
			g.Prob[g.Index(i, j)] = (float64(i) + 0.5) / float64(g.Rows)
			g.Priority[g.Index(i, j)] = 1
		}
	}
	bounds := geom.Polygon{{X: 0, Y: 0}, {X: 400, Y: 0}, {X: 400, Y: 300}, {X: 0, Y: 300}}
	g.Bounds = bounds
	rng := rand.New(rand.NewPCG(1, 2))
	var tree []Edge
	for range 200 {
		a := r2.Vec{X: 20 + 360*rng.Float64(), Y: 20 + 260*rng.Float64()}
		b := r2.Add(a, r2.Vec{X: 40*rng.Float64() - 20, Y: 40*rng.Float64() - 20})
		tree = append(tree, Edge{A: a, B: b})
	}
	return &Frame{
		T:               42.5,
		Belief:          g,
		Bounds:          bounds,
		KeepOutCircles:  []geom.Circle{{Center: r2.Vec{X: 300, Y: 200}, Radius: 40}},
		KeepOutPolygons: []geom.Polygon{{{X: 40, Y: 200}, {X: 120, Y: 200}, {X: 120, Y: 280}, {X: 90, Y: 280}, {X: 90, Y: 230}, {X: 40, Y: 230}}},
		Tree:            tree,
		Plan:            []r2.Vec{{X: 200, Y: 150}, {X: 250, Y: 180}, {X: 320, Y: 120}, {X: 360, Y: 60}},
		Trail:           []r2.Vec{{X: 60, Y: 40}, {X: 120, Y: 60}, {X: 170, Y: 110}, {X: 200, Y: 150}},
		Vehicle:         motion.Pose{Vec: r3.Vec{X: 200, Y: 150, Z: 50}, Heading: math.Pi / 4},
		HasVehicle:      true,
		Footprint:       []r2.Vec{{X: 215, Y: 175}, {X: 245, Y: 145}, {X: 275, Y: 195}, {X: 235, Y: 235}},
		Targets:         []Target{{Pos: r2.Vec{X: 100, Y: 100}}, {Pos: r2.Vec{X: 330, Y: 60}, Found: true}},
		FalseDetections: []r2.Vec{{X: 60, Y: 150}},
		HUD:             HUD{BudgetLeft: 0.5, Entropy: 1234.5, Reward: 12.25, SamplesPerSec: 300, TreeSize: 200, TargetsFound: 1, TargetsTotal: 2},
	}
}

// at returns the colour of the image pixel under the pixel-coordinate point
// p (y up).
func at(img *image.RGBA, p r2.Vec) color.RGBA {
	h := img.Bounds().Dy()
	return img.RGBAAt(int(math.Floor(p.X)), h-1-int(math.Floor(p.Y)))
}

// near reports whether two colours differ by at most tol in every channel.
func near(a, b color.RGBA, tol int) bool {
	d := func(x, y uint8) bool { return math.Abs(float64(x)-float64(y)) <= float64(tol) }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B) && d(a.A, b.A)
}

func rgba8(t *testing.T, c color.Color) color.RGBA {
	t.Helper()
	r, g, b, a := c.RGBA()
	return color.RGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: uint8(a >> 8)}
}

package viz

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
)

// bigFrame is testFrame with n tree edges of up to 60 m across the area.
func bigFrame(n int) *Frame {
	f := testFrame()
	rng := rand.New(rand.NewPCG(3, 4))
	f.Tree = make([]Edge, n)
	for i := range f.Tree {
		a := r2.Vec{X: 400 * rng.Float64(), Y: 300 * rng.Float64()}
		f.Tree[i] = Edge{A: a, B: r2.Add(a, r2.Vec{X: 60*rng.Float64() - 30, Y: 60*rng.Float64() - 30})}
	}
	return f
}

// BenchmarkRender50kEdges renders, headless, an 800×600 frame of the test
// scene with a 50,000-edge tree: the 16 ms budget.
func BenchmarkRender50kEdges(b *testing.B) {
	f := bigFrame(50000)
	r := NewRenderer(800, 600)
	v := r.Fit(f)
	r.Render(f, v)
	b.ReportAllocs()
	for b.Loop() {
		r.Render(f, v)
	}
}

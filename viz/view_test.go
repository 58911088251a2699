package viz

import (
	"math"
	"testing"

	"github.com/gopxl/pixel/v2"
	"gonum.org/v1/gonum/spatial/r2"
)

func TestFitView(t *testing.T) {
	for _, c := range []struct {
		name     string
		min, max r2.Vec
		w, h     int
	}{
		{"wide", r2.Vec{X: 0, Y: 0}, r2.Vec{X: 4000, Y: 1000}, 800, 600},
		{"tall", r2.Vec{X: -50, Y: -500}, r2.Vec{X: 50, Y: 500}, 800, 600},
		{"offset", r2.Vec{X: 1e5, Y: 2e5}, r2.Vec{X: 1e5 + 30, Y: 2e5 + 30}, 300, 300},
	} {
		v := FitView(c.min, c.max, c.w, c.h, 10)
		lo, hi := v.ToScreen(c.min), v.ToScreen(c.max)
		if lo.X < 10-1e-9 || lo.Y < 10-1e-9 || hi.X > float64(c.w)-10+1e-9 || hi.Y > float64(c.h)-10+1e-9 {
			t.Errorf("%s: box maps to %v–%v, outside the %d×%d margins", c.name, lo, hi, c.w, c.h)
		}
		// The box touches the margin on its limiting axis and is centred.
		if math.Abs(lo.X-10) > 1e-9 && math.Abs(lo.Y-10) > 1e-9 {
			t.Errorf("%s: box %v–%v does not fill the view", c.name, lo, hi)
		}
		if mid := lo.Add(hi).Scaled(0.5); math.Abs(mid.X-float64(c.w)/2) > 1e-9 || math.Abs(mid.Y-float64(c.h)/2) > 1e-9 {
			t.Errorf("%s: box centre at %v, want the middle", c.name, mid)
		}
	}
}

func TestViewRoundTripPanZoom(t *testing.T) {
	v := View{Center: r2.Vec{X: 100, Y: -40}, Scale: 2.5, W: 640, H: 480}
	p := r2.Vec{X: 123.25, Y: -7.5}
	if q := v.ToWorld(v.ToScreen(p)); r2.Norm(r2.Sub(p, q)) > 1e-9 {
		t.Errorf("round trip %v → %v", p, q)
	}
	at := pixel.V(500, 100)
	under := v.ToWorld(at)
	z := v.Zoom(3, at)
	if z.Scale != 7.5 {
		t.Errorf("zoom ×3: scale %v", z.Scale)
	}
	if got := z.ToWorld(at); r2.Norm(r2.Sub(got, under)) > 1e-9 {
		t.Errorf("zooming at %v moved the point under it from %v to %v", at, under, got)
	}
	if same := v.Zoom(0, at); same != v {
		t.Errorf("zoom by 0 changed the view: %+v", same)
	}
	d := pixel.V(30, -12)
	moved := v.Pan(d)
	if got := moved.ToScreen(p); got.Sub(v.ToScreen(p).Add(d)).Len() > 1e-9 {
		t.Errorf("panning by %v moved %v to %v", d, v.ToScreen(p), got)
	}
	if r := v.Resize(100, 50); r.W != 100 || r.H != 50 || r.Center != v.Center || r.Scale != v.Scale {
		t.Errorf("resize: %+v", r)
	}
}

func TestFitFrameFallbacks(t *testing.T) {
	f := testFrame()
	withBounds := FitFrame(f, 400, 300)
	f.Bounds = nil
	gridOnly := FitFrame(f, 400, 300)
	if withBounds != gridOnly {
		t.Errorf("the grid spans the bounds, so both fits agree: %+v vs %+v", withBounds, gridOnly)
	}
	g := &Frame{Trail: []r2.Vec{{X: 10, Y: 10}, {X: 20, Y: 30}}}
	v := FitFrame(g, 400, 300)
	if v.Center != (r2.Vec{X: 15, Y: 20}) {
		t.Errorf("trail-only frame: centre %v, want its box's middle", v.Center)
	}
	if e := FitFrame(&Frame{}, 400, 300); !(e.Scale > 0) || math.IsInf(e.Scale, 0) {
		t.Errorf("empty frame: scale %v", e.Scale)
	}
}

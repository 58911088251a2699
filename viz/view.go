package viz

import (
	"math"

	"github.com/gopxl/pixel/v2"
	"gonum.org/v1/gonum/spatial/r2"
)

// View maps the mission's ground plane to the screen: the world point
// Center is drawn at the middle of a W×H pixel target, Scale pixels per
// metre, x to the right and y up (pixel's convention), with no rotation, so
// north stays up as on a map.
type View struct {
	Center r2.Vec
	Scale  float64 // pixels per metre, > 0
	W, H   int     // target size, pixels
}

// FitView returns the view of a w×h target that shows the box [min, max]
// whole, centred, with margin pixels left free on every side.
func FitView(min, max r2.Vec, w, h int, margin float64) View {
	bw, bh := math.Max(max.X-min.X, 1e-9), math.Max(max.Y-min.Y, 1e-9)
	sx := (float64(w) - 2*margin) / bw
	sy := (float64(h) - 2*margin) / bh
	s := math.Min(sx, sy)
	if !(s > 0) {
		s = math.Min(float64(w)/bw, float64(h)/bh)
	}
	return View{Center: r2.Scale(0.5, r2.Add(min, max)), Scale: s, W: w, H: h}
}

// ToScreen maps a world point to pixel coordinates.
func (v View) ToScreen(p r2.Vec) pixel.Vec {
	return pixel.V((p.X-v.Center.X)*v.Scale+float64(v.W)/2, (p.Y-v.Center.Y)*v.Scale+float64(v.H)/2)
}

// ToWorld maps pixel coordinates back to the world point drawn there.
func (v View) ToWorld(p pixel.Vec) r2.Vec {
	return r2.Vec{X: (p.X-float64(v.W)/2)/v.Scale + v.Center.X, Y: (p.Y-float64(v.H)/2)/v.Scale + v.Center.Y}
}

// Pan moves the picture by d pixels (a drag by d).
func (v View) Pan(d pixel.Vec) View {
	v.Center = r2.Sub(v.Center, r2.Vec{X: d.X / v.Scale, Y: d.Y / v.Scale})
	return v
}

// Zoom multiplies the scale by factor, keeping the world point under the
// pixel at fixed where it is (zooming at the cursor).
func (v View) Zoom(factor float64, at pixel.Vec) View {
	if !(factor > 0) || math.IsInf(factor, 0) {
		return v
	}
	w := v.ToWorld(at)
	v.Scale *= factor
	// Re-centre so that w projects to at again.
	v.Center = r2.Vec{X: w.X - (at.X-float64(v.W)/2)/v.Scale, Y: w.Y - (at.Y-float64(v.H)/2)/v.Scale}
	return v
}

// Resize keeps the centre and scale for a target of a new size.
func (v View) Resize(w, h int) View {
	v.W, v.H = w, h
	return v
}

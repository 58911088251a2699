package viz

import (
	"fmt"
	"image"
	"image/png"
	"io"
	"math"

	"gonum.org/v1/gonum/spatial/r2"
)

// Renderer draws frames without a display: a Scene onto a SoftTarget.
// It reuses its image and buffers, so rendering frames of a steady size
// allocates (almost) nothing. A Renderer is not safe for concurrent use.
type Renderer struct {
	Scene  *Scene
	target *SoftTarget
}

// NewRenderer returns a renderer of w×h images drawing with NewScene's
// defaults.
func NewRenderer(w, h int) *Renderer {
	return &Renderer{Scene: NewScene(), target: NewSoftTarget(w, h)}
}

// Size returns the width and height of the images the renderer draws.
func (r *Renderer) Size() (w, h int) {
	b := r.target.Image().Bounds()
	return b.Dx(), b.Dy()
}

// Render draws f through v on the background colour and returns the image.
// The image is the renderer's own: it is overwritten by the next Render.
func (r *Renderer) Render(f *Frame, v View) *image.RGBA {
	r.target.Clear(r.Scene.Palette.Background)
	r.Scene.Draw(r.target, f, v)
	return r.target.Image()
}

// Fit returns the view that shows f whole on the renderer's images.
func (r *Renderer) Fit(f *Frame) View {
	w, h := r.Size()
	return FitFrame(f, w, h)
}

// fitMargin is the free border around a fitted frame, pixels.
const fitMargin = 24

// FitFrame returns the view of a w×h target that shows f's search bounds
// whole, or, without bounds, its belief grid, or else everything it holds.
func FitFrame(f *Frame, w, h int) View {
	lo, hi := r2.Vec{X: math.Inf(1), Y: math.Inf(1)}, r2.Vec{X: math.Inf(-1), Y: math.Inf(-1)}
	grow := func(p r2.Vec) {
		lo = r2.Vec{X: math.Min(lo.X, p.X), Y: math.Min(lo.Y, p.Y)}
		hi = r2.Vec{X: math.Max(hi.X, p.X), Y: math.Max(hi.Y, p.Y)}
	}
	switch g := f.Belief; {
	case len(f.Bounds) > 0:
		for _, p := range f.Bounds {
			grow(p)
		}
	case g != nil && g.Len() > 0:
		grow(r2.Vec{X: g.XStart, Y: g.YStart})
		grow(r2.Vec{X: g.XStart + float64(g.Rows)*g.Res, Y: g.YStart + float64(g.Cols)*g.Res})
	default:
		for _, c := range f.KeepOutCircles {
			grow(r2.Sub(c.Center, r2.Vec{X: c.Radius, Y: c.Radius}))
			grow(r2.Add(c.Center, r2.Vec{X: c.Radius, Y: c.Radius}))
		}
		for _, poly := range f.KeepOutPolygons {
			for _, p := range poly {
				grow(p)
			}
		}
		for _, e := range f.Tree {
			grow(e.A)
			grow(e.B)
		}
		for _, pts := range [...][]r2.Vec{f.Plan, f.Trail, f.Footprint, f.FalseDetections} {
			for _, p := range pts {
				grow(p)
			}
		}
		for _, t := range f.Targets {
			grow(t.Pos)
		}
		if f.HasVehicle {
			grow(r2.Vec{X: f.Vehicle.X, Y: f.Vehicle.Y})
		}
	}
	if lo.X > hi.X {
		lo, hi = r2.Vec{X: -1, Y: -1}, r2.Vec{X: 1, Y: 1}
	}
	return FitView(lo, hi, w, h, fitMargin)
}

// WritePNG renders f, fitted, on a w×h image and writes it as PNG.
func WritePNG(w io.Writer, f *Frame, width, height int) error {
	if width <= 0 || height <= 0 {
		return fmt.Errorf("viz: image size must be positive, got %d×%d", width, height)
	}
	r := NewRenderer(width, height)
	if err := png.Encode(w, r.Render(f, r.Fit(f))); err != nil {
		return fmt.Errorf("viz: writing PNG: %w", err)
	}
	return nil
}

package viz

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
)

// Recorder turns a stream of frames into a picture of the last one (PNG) and
// an animation (GIF), for `tigris sim -png F -gif F`. Every image uses the
// view that fits the first frame, so the animation does not jump.
//
// The animation samples the frames every Interval seconds of mission time.
// When it would hold more than MaxFrames images, every other one is dropped
// and the interval doubles, so a long mission costs no more memory than a
// short one; a GIF image costs one byte per pixel.
type Recorder struct {
	// Interval is the mission time between animation frames, seconds.
	Interval float64
	// MaxFrames bounds the animation's length; at least 2.
	MaxFrames int
	// Delay is how long each animation frame shows, in 1/100 s.
	Delay int

	r       *Renderer
	animate bool
	view    View
	fitted  bool
	last    *Frame

	frames []*image.Paletted
	times  []float64 // mission time of each animation frame
	next   float64
	quant  quantizer
}

// NewRecorder returns a recorder of w×h images that also records an
// animation when animate is true. The defaults: a frame every 2 s of mission
// time, at most 300 frames, shown 1/20 s each.
func NewRecorder(w, h int, animate bool) *Recorder {
	return &Recorder{Interval: 2, MaxFrames: 300, Delay: 5, r: NewRenderer(w, h), animate: animate, quant: newQuantizer()}
}

// Scene is the scene the recorder draws with, to choose layers and colours.
func (r *Recorder) Scene() *Scene { return r.r.Scene }

// Add records f. The recorder keeps f until the next Add: the publisher must
// not modify it (frames are read-only snapshots).
func (r *Recorder) Add(f *Frame) {
	if !r.fitted {
		r.view, r.fitted = r.r.Fit(f), true
		r.next = f.T
	}
	r.last = f
	if r.animate && f.T >= r.next {
		r.capture(f)
		r.next = f.T + r.Interval
	}
}

func (r *Recorder) capture(f *Frame) {
	img := r.r.Render(f, r.view)
	r.frames = append(r.frames, r.quant.paletted(img))
	r.times = append(r.times, f.T)
	if len(r.frames) > max(r.MaxFrames, 2) {
		keep := 0
		for i := 0; i < len(r.frames); i += 2 {
			r.frames[keep], r.times[keep] = r.frames[i], r.times[i]
			keep++
		}
		clear(r.frames[keep:])
		r.frames, r.times = r.frames[:keep], r.times[:keep]
		r.Interval *= 2
		r.next = r.times[keep-1] + r.Interval
	}
}

// errNoFrames is returned when there is nothing to write.
var errNoFrames = errors.New("viz: no frame was recorded")

// WritePNG writes the last frame as PNG.
func (r *Recorder) WritePNG(w io.Writer) error {
	if r.last == nil {
		return errNoFrames
	}
	if err := png.Encode(w, r.r.Render(r.last, r.view)); err != nil {
		return fmt.Errorf("viz: writing PNG: %w", err)
	}
	return nil
}

// WriteGIF writes the animation, ending on the last frame, looping forever.
func (r *Recorder) WriteGIF(w io.Writer) error {
	if r.last == nil {
		return errNoFrames
	}
	if !r.animate {
		return errors.New("viz: the recorder was made without animation")
	}
	if n := len(r.times); n == 0 || r.times[n-1] < r.last.T {
		r.frames = append(r.frames, r.quant.paletted(r.r.Render(r.last, r.view)))
		r.times = append(r.times, r.last.T)
	}
	delays := make([]int, len(r.frames))
	for i := range delays {
		delays[i] = r.Delay
	}
	// Hold the final picture a while before the loop starts over.
	delays[len(delays)-1] = max(r.Delay, 200)
	if err := gif.EncodeAll(w, &gif.GIF{Image: r.frames, Delay: delays}); err != nil {
		return fmt.Errorf("viz: writing GIF: %w", err)
	}
	return nil
}

// quantizer maps the scene's colours to a fixed 256-colour palette: the
// heatmap's colour map, the scene's palette, and a colour cube for the
// anti-aliased blends between them. A fixed palette keeps the animation's
// colours steady from frame to frame.
type quantizer struct {
	pal   color.Palette
	cache map[color.RGBA]uint8
}

func newQuantizer() quantizer {
	pal := make(color.Palette, 0, 256)
	for i := 0; i < colormapSteps; i += 2 {
		pal = append(pal, colormap[i])
	}
	p := DefaultPalette()
	for _, c := range []color.Color{p.Background, p.Bounds, p.KeepOut, p.Plan, p.Trail, p.Footprint, p.Vehicle, p.VehicleEdge, p.Target, p.Found, p.FalseDetect, p.Text} {
		pal = append(pal, color.RGBAModel.Convert(c))
	}
	levels := [...]uint8{0, 85, 170, 255}
	for _, r := range levels {
		for _, g := range levels {
			for _, b := range levels {
				pal = append(pal, color.RGBA{R: r, G: g, B: b, A: 255})
			}
		}
	}
	for k := 1; k < 16; k++ {
		v := uint8(k * 16)
		pal = append(pal, color.RGBA{R: v, G: v, B: v, A: 255})
	}
	return quantizer{pal: pal, cache: make(map[color.RGBA]uint8)}
}

// maxCachedColors bounds the quantizer's memory of colours it has matched.
const maxCachedColors = 1 << 16

// paletted converts img, reusing the last pixel's index along a row since
// the scene is mostly runs of one colour.
func (q *quantizer) paletted(img *image.RGBA) *image.Paletted {
	b := img.Bounds()
	out := image.NewPaletted(b, q.pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		var prev color.RGBA
		var idx uint8
		have := false
		row := out.Pix[out.PixOffset(b.Min.X, y):]
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			c.A = 255 // the background is opaque; drop what rounding left
			if !have || c != prev {
				var ok bool
				if idx, ok = q.cache[c]; !ok {
					if len(q.cache) >= maxCachedColors {
						clear(q.cache)
					}
					idx = uint8(q.pal.Index(c))
					q.cache[c] = idx
				}
				prev, have = c, true
			}
			row[x-b.Min.X] = idx
		}
	}
	return out
}

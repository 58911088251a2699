package viz

import (
	"image/color"
	"math"

	"github.com/gopxl/pixel/v2"
)

// viridis holds eleven evenly spaced stops of matplotlib's viridis colour
// map: perceptually uniform, readable in grey and by colour-blind viewers,
// dark for "nothing here" and bright for "look here".
var viridis = [...][3]uint8{
	{68, 1, 84}, {72, 36, 117}, {65, 68, 135}, {53, 95, 141}, {42, 120, 142},
	{33, 145, 140}, {34, 168, 132}, {68, 191, 112}, {122, 209, 81}, {189, 223, 38},
	{253, 231, 37},
}

// colormapSteps is the resolution of the heatmap's colour table.
const colormapSteps = 256

// colormap is viridis sampled at colormapSteps points, built once.
var colormap = func() (lut [colormapSteps]color.RGBA) {
	for i := range lut {
		x := float64(i) / (colormapSteps - 1) * float64(len(viridis)-1)
		k := min(int(x), len(viridis)-2)
		f := x - float64(k)
		a, b := viridis[k], viridis[k+1]
		mix := func(c int) uint8 { return uint8(math.Round(float64(a[c])*(1-f) + float64(b[c])*f)) }
		lut[i] = color.RGBA{R: mix(0), G: mix(1), B: mix(2), A: 255}
	}
	return lut
}()

// Colormap returns the heatmap's colour for x in [0, 1] (clamped; NaN is 0).
func Colormap(x float64) color.RGBA {
	return colormap[colormapIndex(x)]
}

func colormapIndex(x float64) int {
	if !(x > 0) {
		return 0
	}
	if x >= 1 {
		return colormapSteps - 1
	}
	return int(x*(colormapSteps-1) + 0.5)
}

// Palette holds the colours of the scene's layers, premultiplied as pixel
// expects (pixel.RGB and pixel.Alpha build them; RGBA.Mul(pixel.Alpha(a))
// makes one translucent).
type Palette struct {
	Background    pixel.RGBA
	Bounds        pixel.RGBA
	KeepOut       pixel.RGBA // outline
	KeepOutFill   pixel.RGBA
	Tree          pixel.RGBA
	Plan          pixel.RGBA
	Trail         pixel.RGBA
	Footprint     pixel.RGBA // outline
	FootprintFill pixel.RGBA
	Vehicle       pixel.RGBA
	VehicleEdge   pixel.RGBA
	Target        pixel.RGBA // not yet found
	Found         pixel.RGBA
	FalseDetect   pixel.RGBA
	Panel         pixel.RGBA // behind the HUD text
	Text          pixel.RGBA
}

// DefaultPalette is the scene's palette: light strokes on a dark ground, so
// the heatmap's colours stay the brightest thing in the picture, with the
// vehicle in a colour the heatmap never takes.
func DefaultPalette() Palette {
	translucent := func(c pixel.RGBA, a float64) pixel.RGBA { return c.Mul(pixel.Alpha(a)) }
	return Palette{
		Background:    pixel.RGB(0.11, 0.11, 0.13),
		Bounds:        pixel.RGB(0.85, 0.85, 0.85),
		KeepOut:       pixel.RGB(0.95, 0.2, 0.2),
		KeepOutFill:   translucent(pixel.RGB(0.95, 0.2, 0.2), 0.3),
		Tree:          translucent(pixel.RGB(1, 1, 1), 0.2),
		Plan:          pixel.RGB(0, 0.9, 1),
		Trail:         pixel.RGB(1, 0.55, 0.1),
		Footprint:     pixel.RGB(0.75, 1, 0.75),
		FootprintFill: translucent(pixel.RGB(0.75, 1, 0.75), 0.15),
		Vehicle:       pixel.RGB(1, 0.15, 0.75),
		VehicleEdge:   pixel.RGB(0.05, 0.05, 0.05),
		Target:        pixel.RGB(1, 1, 1),
		Found:         pixel.RGB(0.2, 1, 0.3),
		FalseDetect:   pixel.RGB(1, 0.3, 0.1),
		Panel:         translucent(pixel.RGB(0, 0, 0), 0.6),
		Text:          pixel.RGB(1, 1, 1),
	}
}

package viz

import (
	"image/color"
	"math"
	"testing"

	"github.com/gopxl/pixel/v2"
	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
)

const testW, testH = 600, 480

func render(f *Frame, layers Layer) (*Renderer, View) {
	r := NewRenderer(testW, testH)
	r.Scene.Layers = layers
	v := r.Fit(f)
	r.Render(f, v)
	return r, v
}

func TestVehicleColourAtVehicle(t *testing.T) {
	for _, heading := range []float64{0, math.Pi / 4, math.Pi / 2, 2, -3} {
		f := testFrame()
		f.Vehicle.Heading = heading
		r, v := render(f, AllLayers)
		img := r.target.Image()
		want := rgba8(t, r.Scene.Palette.Vehicle)
		c := v.ToScreen(r2.Vec{X: f.Vehicle.X, Y: f.Vehicle.Y})
		if got := at(img, r2.Vec{X: c.X, Y: c.Y}); !near(got, want, 2) {
			t.Errorf("heading %.2f: pixel at the vehicle is %v, want the vehicle colour %v", heading, got, want)
		}
		// The nose points along the heading: the vehicle colour a few pixels
		// ahead, not behind.
		ahead := r2.Vec{X: c.X + 7*math.Cos(heading), Y: c.Y + 7*math.Sin(heading)}
		behind := r2.Vec{X: c.X - 9*math.Cos(heading), Y: c.Y - 9*math.Sin(heading)}
		if got := at(img, ahead); !near(got, want, 2) {
			t.Errorf("heading %.2f: 7 px ahead is %v, want the vehicle colour", heading, got)
		}
		if got := at(img, behind); near(got, want, 40) {
			t.Errorf("heading %.2f: 9 px behind is the vehicle colour %v", heading, got)
		}
	}
}

func TestHeatmapColourOrder(t *testing.T) {
	for _, mode := range []HeatmapMode{Probability, Entropy} {
		f := testFrame() // probability (i+0.5)/40 along x
		r := NewRenderer(testW, testH)
		r.Scene.Layers = LayerHeatmap
		r.Scene.Heatmap = mode
		v := r.Fit(f)
		img := r.Render(f, v)
		g := f.Belief
		prev := -1
		for i := range g.Rows {
			c := at(img, r2.Vec{X: v.ToScreen(g.Center(i, g.Cols/2)).X, Y: v.ToScreen(g.Center(i, g.Cols/2)).Y})
			k := nearestColormap(c)
			p := g.Prob[g.Index(i, g.Cols/2)]
			x := p
			if mode == Entropy {
				x = belief.Entropy(p)
			}
			if want := colormapIndex(x); abs(k-want) > 1 {
				t.Errorf("%v: cell %d (p=%.3f) has colour %v, colour map index %d, want %d", mode, i, p, c, k, want)
			}
			// Probability rises along x; entropy rises up to p = 0.5.
			if mode == Probability || p <= 0.5 {
				if k <= prev {
					t.Errorf("%v: cell %d (p=%.3f) colour index %d is not above the previous cell's %d", mode, i, p, k, prev)
				}
				prev = k
			}
		}
	}
}

// nearestColormap is the index of the colour map entry nearest to c.
func nearestColormap(c color.RGBA) int {
	best, bestD := 0, math.Inf(1)
	for i, m := range colormap {
		dr, dg, db := float64(c.R)-float64(m.R), float64(c.G)-float64(m.G), float64(c.B)-float64(m.B)
		if d := dr*dr + dg*dg + db*db; d < bestD {
			best, bestD = i, d
		}
	}
	return best
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func TestZeroProbabilityIsTransparent(t *testing.T) {
	f := testFrame()
	f.Belief.Prob[f.Belief.Index(5, 5)] = 0
	r, v := render(f, LayerHeatmap)
	p := v.ToScreen(f.Belief.Center(5, 5))
	if got, want := at(r.target.Image(), r2.Vec{X: p.X, Y: p.Y}), rgba8(t, r.Scene.Palette.Background); got != want {
		t.Errorf("a cell of probability 0 shows %v, want the background %v", got, want)
	}
}

func TestKeepOutOutline(t *testing.T) {
	f := testFrame()
	r, v := render(f, LayerZones)
	img := r.target.Image()
	pal := r.Scene.Palette
	outline, bg := rgba8(t, pal.KeepOut), rgba8(t, pal.Background)
	fill := rgba8(t, pal.KeepOutFill.Add(pal.Background.Scaled(1-pal.KeepOutFill.A)))

	c := f.KeepOutCircles[0]
	centre := v.ToScreen(c.Center)
	rad := c.Radius * v.Scale
	for k := range 16 {
		a := 2 * math.Pi * float64(k) / 16
		dir := r2.Vec{X: math.Cos(a), Y: math.Sin(a)}
		onEdge := r2.Add(r2.Vec{X: centre.X, Y: centre.Y}, r2.Scale(rad, dir))
		inside := r2.Add(r2.Vec{X: centre.X, Y: centre.Y}, r2.Scale(rad-6, dir))
		outside := r2.Add(r2.Vec{X: centre.X, Y: centre.Y}, r2.Scale(rad+6, dir))
		if got := at(img, onEdge); !near(got, outline, 2) {
			t.Errorf("circle, angle %d/16: edge pixel %v, want the outline %v", k, got, outline)
		}
		if got := at(img, inside); !near(got, fill, 2) {
			t.Errorf("circle, angle %d/16: inside pixel %v, want the fill %v", k, got, fill)
		}
		if got := at(img, outside); got != bg {
			t.Errorf("circle, angle %d/16: outside pixel %v, want the background %v", k, got, bg)
		}
	}

	// The concave L: its notch (the inner corner's square) stays unfilled,
	// which a fan fill would get wrong.
	poly := f.KeepOutPolygons[0]
	mid := func(a, b r2.Vec) pixel.Vec { return v.ToScreen(r2.Scale(0.5, r2.Add(a, b))) }
	for i := range poly {
		p := mid(poly[i], poly[(i+1)%len(poly)])
		if got := at(img, r2.Vec{X: p.X, Y: p.Y}); !near(got, outline, 2) {
			t.Errorf("L, edge %d: midpoint pixel %v, want the outline %v", i, got, outline)
		}
	}
	for _, q := range []struct {
		p    r2.Vec
		want color.RGBA
	}{
		{r2.Vec{X: 60, Y: 215}, fill},  // in the foot
		{r2.Vec{X: 105, Y: 260}, fill}, // in the upright
		{r2.Vec{X: 65, Y: 260}, bg},    // the notch
	} {
		p := v.ToScreen(q.p)
		if got := at(img, r2.Vec{X: p.X, Y: p.Y}); !near(got, q.want, 2) {
			t.Errorf("L at %v: pixel %v, want %v", q.p, got, q.want)
		}
	}
}

func TestLayersOff(t *testing.T) {
	f := testFrame()
	r, _ := render(f, 0)
	bg := rgba8(t, r.Scene.Palette.Background)
	img := r.target.Image()
	for i := 0; i < len(img.Pix); i += 4 {
		if c := (color.RGBA{R: img.Pix[i], G: img.Pix[i+1], B: img.Pix[i+2], A: img.Pix[i+3]}); c != bg {
			t.Fatalf("no layers: pixel %d is %v, want the background %v", i/4, c, bg)
		}
	}
}

func TestTreeEdgesDrawn(t *testing.T) {
	f := &Frame{Bounds: testFrame().Bounds, Tree: []Edge{{A: r2.Vec{X: 50, Y: 150}, B: r2.Vec{X: 350, Y: 150}}}}
	r, v := render(f, LayerTree)
	img := r.target.Image()
	pal := r.Scene.Palette
	want := rgba8(t, pal.Tree.Add(pal.Background.Scaled(1-pal.Tree.A)))
	a, b := v.ToScreen(f.Tree[0].A), v.ToScreen(f.Tree[0].B)
	lit := 0
	for x := int(a.X) + 1; x < int(b.X)-1; x++ {
		for dy := -1; dy <= 1; dy++ {
			if near(at(img, r2.Vec{X: float64(x) + 0.5, Y: a.Y + float64(dy)}), want, 2) {
				lit++
			}
		}
	}
	if n := int(b.X) - int(a.X) - 2; lit != n {
		t.Errorf("a horizontal edge lights %d pixels over %d columns, want one per column", lit, n)
	}
}

func TestLayerString(t *testing.T) {
	for _, c := range []struct {
		l    Layer
		want string
	}{
		{0, "none"},
		{LayerHeatmap, "heatmap"},
		{LayerTree | LayerVehicle, "tree+vehicle"},
		{AllLayers, "heatmap+zones+tree+trail+plan+targets+vehicle+hud"},
	} {
		if got := c.l.String(); got != c.want {
			t.Errorf("%#x: %q, want %q", uint32(c.l), got, c.want)
		}
	}
}

func TestDrawAllocatesNothingOnceWarm(t *testing.T) {
	f := bigFrame(2000)
	r := NewRenderer(testW, testH)
	v := r.Fit(f)
	r.Render(f, v)
	// ext/text allocates a little per string it lays out; everything the
	// scene itself builds is reused.
	if n := testing.AllocsPerRun(5, func() { r.Render(f, v) }); n > 16 {
		t.Errorf("a warm render allocates %v times, want at most 16", n)
	}
}

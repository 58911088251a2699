package viz

import (
	"image/color"
	"math"
	"testing"

	"github.com/gopxl/pixel/v2"
	"github.com/gopxl/pixel/v2/ext/imdraw"
	"gonum.org/v1/gonum/spatial/r2"
)

func TestSoftTargetFillsByPixelCentre(t *testing.T) {
	for _, aa := range []bool{false, true} {
		st := NewSoftTarget(20, 10)
		st.Antialias = aa
		st.Clear(color.Black)
		imd := imdraw.New(nil)
		imd.Color = pixel.RGB(1, 0, 0)
		// A rectangle on pixel boundaries: x 2..6, y 1..4 (y up).
		imd.Push(pixel.V(2, 1), pixel.V(6, 4))
		imd.Rectangle(0)
		imd.Draw(st)
		img := st.Image()
		for y := range 10 {
			for x := range 20 {
				in := x >= 2 && x < 6 && y >= 1 && y < 4
				want := color.RGBA{A: 255}
				if in {
					want.R = 255
				}
				if got := at(img, r2.Vec{X: float64(x) + 0.5, Y: float64(y) + 0.5}); got != want {
					t.Errorf("antialias %v: pixel (%d, %d) is %v, want %v", aa, x, y, got, want)
				}
			}
		}
	}
}

func TestSoftTargetHalfCoveredPixels(t *testing.T) {
	// A rectangle from x = 2.5 to 5.5: anti-aliased, the edge columns are
	// half covered; by pixel centre, columns 2 to 4 are in and 5 is out.
	for _, c := range []struct {
		aa         bool
		col2, col5 uint8
		col3, col1 uint8
		tol2, tol5 int
		name       string
	}{
		{aa: false, col2: 255, col5: 0, col3: 255, col1: 0, name: "by centre"},
		{aa: true, col2: 128, col5: 128, col3: 255, col1: 0, tol2: 2, tol5: 2, name: "anti-aliased"},
	} {
		st := NewSoftTarget(10, 4)
		st.Antialias = c.aa
		imd := imdraw.New(nil)
		imd.Color = pixel.RGB(1, 1, 1)
		imd.Push(pixel.V(2.5, 0), pixel.V(5.5, 4))
		imd.Rectangle(0)
		imd.Draw(st)
		row := func(x int) uint8 { return st.Image().RGBAAt(x, 1).R }
		check := func(x int, want uint8, tol int) {
			if d := int(row(x)) - int(want); d > tol || d < -tol {
				t.Errorf("%s: column %d has %d, want %d", c.name, x, row(x), want)
			}
		}
		check(1, c.col1, 0)
		check(2, c.col2, c.tol2)
		check(3, c.col3, 0)
		check(5, c.col5, c.tol5)
	}
}

func TestSoftTargetMatrixAndMask(t *testing.T) {
	st := NewSoftTarget(10, 10)
	st.SetMatrix(pixel.IM.Moved(pixel.V(5, 5)))
	st.SetColorMask(pixel.RGB(0, 1, 0))
	imd := imdraw.New(nil)
	imd.Color = pixel.RGB(1, 1, 1)
	imd.Push(pixel.V(0, 0), pixel.V(2, 2))
	imd.Rectangle(0)
	imd.Draw(st)
	img := st.Image()
	if got := at(img, r2.Vec{X: 6, Y: 6}); got != (color.RGBA{G: 255, A: 255}) {
		t.Errorf("moved, masked square: %v, want opaque green", got)
	}
	if got := at(img, r2.Vec{X: 1, Y: 1}); got != (color.RGBA{}) {
		t.Errorf("the square's unmoved place: %v, want transparent", got)
	}
	st.SetColorMask(nil)
	st.SetMatrix(pixel.IM)
	imd.Draw(st)
	if got := at(img, r2.Vec{X: 1, Y: 1}); got != (color.RGBA{R: 255, G: 255, B: 255, A: 255}) {
		t.Errorf("unmasked, unmoved: %v, want white", got)
	}
}

func TestSoftTargetPicture(t *testing.T) {
	// A 2×2 picture stretched over 8×8 pixels: each texel covers 4×4.
	pd := pixel.MakePictureData(pixel.R(0, 0, 2, 2))
	texels := []color.RGBA{{R: 255, A: 255}, {G: 255, A: 255}, {B: 255, A: 255}, {R: 128, G: 128, B: 128, A: 128}}
	copy(pd.Pix, texels) // rows bottom-up: (0,0) (1,0) (0,1) (1,1)
	st := NewSoftTarget(8, 8)
	st.Clear(color.Black)
	var q pictureQuad
	q.draw(st, pd, 1, pixel.V(0, 0), pixel.V(8, 8))
	img := st.Image()
	for _, c := range []struct {
		x, y float64
		want color.RGBA
	}{
		{1, 1, color.RGBA{R: 255, A: 255}},
		{6, 2, color.RGBA{G: 255, A: 255}},
		{2, 6, color.RGBA{B: 255, A: 255}},
		{6, 6, color.RGBA{R: 128, G: 128, B: 128, A: 255}}, // half-transparent grey over black
	} {
		if got := at(img, r2.Vec{X: c.x, Y: c.y}); got != c.want {
			t.Errorf("at (%v, %v): %v, want %v", c.x, c.y, got, c.want)
		}
	}
	// Drawn mirrored (right to left), the texels step backwards across
	// each row: the per-pixel path, not the upright runs.
	var m pictureQuad
	m.draw(st, pd, 1, pixel.V(8, 0), pixel.V(0, 8))
	for _, c := range []struct {
		x, y float64
		want color.RGBA
	}{
		{6, 1, color.RGBA{R: 255, A: 255}},
		{1, 2, color.RGBA{G: 255, A: 255}},
		{6, 6, color.RGBA{B: 255, A: 255}},
	} {
		if got := at(img, r2.Vec{X: c.x, Y: c.y}); got != c.want {
			t.Errorf("mirrored, at (%v, %v): %v, want %v", c.x, c.y, got, c.want)
		}
	}
	q.draw(st, pd, 1, pixel.V(0, 0), pixel.V(8, 8))
	// The target drew a copy: changing the picture without a new version
	// changes nothing; with one, the new texels show.
	pd.Pix[0] = color.RGBA{R: 255, G: 255, A: 255}
	q.draw(st, pd, 1, pixel.V(0, 0), pixel.V(8, 8))
	if got := at(img, r2.Vec{X: 1, Y: 1}); got != (color.RGBA{R: 255, A: 255}) {
		t.Errorf("same version: %v, want the old red", got)
	}
	q.draw(st, pd, 2, pixel.V(0, 0), pixel.V(8, 8))
	if got := at(img, r2.Vec{X: 1, Y: 1}); got != (color.RGBA{R: 255, G: 255, A: 255}) {
		t.Errorf("new version: %v, want the new yellow", got)
	}
}

func TestSoftTargetClipRect(t *testing.T) {
	for _, aa := range []bool{false, true} {
		st := NewSoftTarget(10, 10)
		st.Antialias = aa
		tris := pixel.MakeTrianglesData(6)
		for i, p := range []pixel.Vec{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}} {
			(*tris)[i].Position = p
			(*tris)[i].Color = pixel.RGB(1, 1, 1)
			(*tris)[i].ClipRect, (*tris)[i].IsClipped = pixel.R(2, 3, 6, 8), true
		}
		st.MakeTriangles(tris).Draw()
		img := st.Image()
		for y := range 10 {
			for x := range 10 {
				in := x >= 2 && x < 6 && y >= 3 && y < 8
				got := at(img, r2.Vec{X: float64(x) + 0.5, Y: float64(y) + 0.5}).R == 255
				if got != in {
					t.Errorf("antialias %v: pixel (%d, %d) drawn %v, want %v", aa, x, y, got, in)
				}
			}
		}
	}
}

func TestSoftTargetNoSeamsWhenAntialiased(t *testing.T) {
	// Many thin triangles of one colour tiling a square: anti-aliased as one
	// path, the inside is uniformly opaque, with no lighter seams.
	st := NewSoftTarget(40, 40)
	st.Antialias = true
	st.Clear(color.Black)
	imd := imdraw.New(nil)
	imd.Color = pixel.RGB(1, 1, 1)
	imd.Push(pixel.V(20, 20))
	imd.Circle(15, 0) // a fan of 64 triangles
	imd.Draw(st)
	for y := 12; y < 28; y++ {
		for x := 12; x < 28; x++ {
			if got := st.Image().RGBAAt(x, y); got.R != 255 {
				t.Fatalf("pixel (%d, %d) inside the disc is %v, want white", x, y, got)
			}
		}
	}
}

func TestDrawLinesMatchesThinQuads(t *testing.T) {
	// The tree's line fast path covers the pixels the one-pixel quads cover.
	edges := []Edge{
		{A: r2.Vec{X: 3, Y: 4}, B: r2.Vec{X: 70, Y: 31}},
		{A: r2.Vec{X: 10, Y: 60}, B: r2.Vec{X: 22, Y: 5}},
		{A: r2.Vec{X: 40, Y: 40}, B: r2.Vec{X: 75, Y: 75}},
		{A: r2.Vec{X: 60, Y: 10}, B: r2.Vec{X: 5, Y: 12}},
	}
	f := &Frame{Tree: edges}
	v := View{Center: r2.Vec{X: 40, Y: 40}, Scale: 1, W: 80, H: 80}
	fast := NewSoftTarget(80, 80)
	s := NewScene()
	s.Layers = LayerTree
	s.Palette.Tree = pixel.RGB(1, 1, 1)
	s.Draw(fast, f, v)
	// A target without the fast path gets the quads.
	slow := NewSoftTarget(80, 80)
	s.Draw(quadsOnly{slow}, f, v)
	diff, lit := 0, 0
	for i := 0; i < len(fast.Image().Pix); i += 4 {
		a, b := fast.Image().Pix[i] > 0, slow.Image().Pix[i] > 0
		if b {
			lit++
		}
		if a != b {
			diff++
		}
	}
	// The quads' square ends may differ by a pixel at each end.
	if diff > 2*len(edges) {
		t.Errorf("the line path and the quads differ in %d of %d lit pixels", diff, lit)
	}
}

// quadsOnly hides a target's line fast path.
type quadsOnly struct{ pixel.Target }

func TestDrawLinesBatchIsLineByLine(t *testing.T) {
	// drawEdges counts the lines over each pixel and blends once per
	// pixel: the picture must be exactly that of blending line by line,
	// also where more lines cross a pixel than the count can hold.
	star := func(n int, c pixel.Vec, r float64) []pixel.Vec {
		var pts []pixel.Vec
		for i := range n {
			d := pixel.V(math.Cos(float64(i)*0.7), math.Sin(float64(i)*0.7)).Scaled(r)
			pts = append(pts, c.Sub(d), c.Add(d))
		}
		return pts
	}
	for _, c := range []struct {
		name string
		pts  []pixel.Vec
		col  pixel.RGBA
	}{
		{"crossing", []pixel.Vec{{X: 2, Y: 3}, {X: 60, Y: 41}, {X: 5, Y: 40}, {X: 50, Y: 1}, {X: 30.5, Y: 0}, {X: 31, Y: 47}, {X: 0, Y: 20.5}, {X: 63, Y: 20}}, pixel.RGB(1, 1, 1).Mul(pixel.Alpha(0.2))},
		{"a few over one pixel", star(12, pixel.V(32, 24), 20), pixel.RGB(0.2, 0.9, 0.4).Mul(pixel.Alpha(0.3))},
		{"more over one pixel than a byte counts", star(300, pixel.V(20.3, 30.6), 15), pixel.RGB(1, 0.5, 0).Mul(pixel.Alpha(0.05))},
		{"partly and wholly off the target", []pixel.Vec{{X: -20, Y: 10}, {X: 30, Y: 60}, {X: 50, Y: -5}, {X: 70, Y: 30}, {X: -10, Y: -10}, {X: -3, Y: 100}, {X: 64, Y: 47.7}, {X: 0.2, Y: 47.9}}, pixel.RGB(1, 1, 1).Mul(pixel.Alpha(0.4))},
		{"opaque", star(40, pixel.V(40, 20), 30), pixel.RGB(0.1, 0.2, 0.9)},
		{"degenerate", []pixel.Vec{{X: 5, Y: 5}, {X: 5, Y: 5}, {X: 10, Y: 10}}, pixel.RGB(1, 1, 1)},
	} {
		batch, single := NewSoftTarget(64, 48), NewSoftTarget(64, 48)
		for _, st := range []*SoftTarget{batch, single} {
			// A background that is not uniform, so every blend shows.
			for i := range st.img.Pix {
				st.img.Pix[i] = uint8(i * 7)
			}
		}
		// One pixel per metre, the world's origin at the target's.
		v := View{Center: r2.Vec{X: 32, Y: 24}, Scale: 1, W: 64, H: 48}
		var edges []Edge
		for i := 0; i+1 < len(c.pts); i += 2 {
			edges = append(edges, Edge{A: r2.Vec{X: c.pts[i].X, Y: c.pts[i].Y}, B: r2.Vec{X: c.pts[i+1].X, Y: c.pts[i+1].Y}})
		}
		batch.drawEdges(edges, v, c.col)
		for _, e := range edges {
			single.drawEdges([]Edge{e}, v, c.col)
		}
		diff := 0
		for i := range batch.img.Pix {
			if batch.img.Pix[i] != single.img.Pix[i] {
				diff++
			}
		}
		if diff > 0 {
			t.Errorf("%s: the batch and the lines one by one differ in %d bytes", c.name, diff)
		}
		for _, st := range []*SoftTarget{batch, single} {
			for i, k := range st.hits {
				if k != 0 {
					t.Fatalf("%s: a line count is left at pixel %d: the next batch would draw it again", c.name, i)
				}
			}
		}
	}
}

func TestDrawEdgesAppliesTheMatrix(t *testing.T) {
	// The target's matrix moves the tree as it moves every other shape.
	edges := []Edge{{A: r2.Vec{X: 3, Y: 4}, B: r2.Vec{X: 40, Y: 21}}, {A: r2.Vec{X: 10, Y: 30}, B: r2.Vec{X: 14, Y: 2}}}
	v := View{Center: r2.Vec{X: 32, Y: 24}, Scale: 1, W: 64, H: 48}
	shift := pixel.V(7, 5)
	moved, shifted := NewSoftTarget(64, 48), NewSoftTarget(64, 48)
	moved.SetMatrix(pixel.IM.Moved(shift))
	moved.drawEdges(edges, v, pixel.RGB(1, 1, 1))
	var pre []Edge
	for _, e := range edges {
		pre = append(pre, Edge{A: r2.Add(e.A, r2.Vec{X: shift.X, Y: shift.Y}), B: r2.Add(e.B, r2.Vec{X: shift.X, Y: shift.Y})})
	}
	shifted.drawEdges(pre, v, pixel.RGB(1, 1, 1))
	lit := 0
	for i := range moved.img.Pix {
		if moved.img.Pix[i] != shifted.img.Pix[i] {
			t.Fatalf("byte %d: %d through the matrix, %d moved beforehand", i, moved.img.Pix[i], shifted.img.Pix[i])
		}
		if moved.img.Pix[i] != 0 {
			lit++
		}
	}
	if lit == 0 {
		t.Fatal("nothing drawn")
	}
}

package viz

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/gopxl/pixel/v2"
	"golang.org/x/image/vector"
)

// SoftTarget is a pixel.BasicTarget that rasterises in software into an
// *image.RGBA, so the scene drawn in the window can also be drawn without
// OpenGL, cgo or a display (PNG, GIF, tests, CI).
//
// It follows the OpenGL canvas's rules: positions are in pixels with the
// origin at the lower-left corner and y up, colours are premultiplied and
// composed with ComposeOver, a textured vertex mixes its colour with the
// picture by its intensity, pictures are sampled nearest (no smoothing), and
// SetMatrix and SetColorMask apply when a triangle batch is drawn.
//
// By default every triangle is filled by pixel centre, without
// anti-aliasing, exactly as OpenGL fills it: the software picture is the
// window's. With Antialias, triangles of one flat colour (the shapes imdraw
// makes) are rasterised with anti-aliased edges by golang.org/x/image/vector,
// consecutive triangles of the same colour as one path, so the seams between
// them do not show.
type SoftTarget struct {
	// Antialias smooths the edges of flat-coloured shapes. By default
	// every triangle is filled by pixel centre, as the OpenGL window fills
	// it, and the two pictures agree but for rounding; anti-aliased, they
	// differ along every edge (a few per cent of a busy scene's pixels).
	Antialias bool

	img  *image.RGBA
	z    vector.Rasterizer
	mat  pixel.Matrix
	mask pixel.RGBA

	// cover and mask8 hold the coverage of a run of one colour.
	cover []uint8
	mask8 image.Alpha

	run flatRun // reused by draw

	// lut is drawLines' blend of its colour over each 8-bit value.
	lut [4][256]uint8
}

var _ pixel.BasicTarget = (*SoftTarget)(nil)

// NewSoftTarget returns a transparent w×h target.
func NewSoftTarget(w, h int) *SoftTarget {
	s := &SoftTarget{img: image.NewRGBA(image.Rect(0, 0, w, h)), mat: pixel.IM, mask: pixel.Alpha(1)}
	return s
}

// Image returns the pixels drawn so far. Row 0 is the top of the picture, as
// image.Image expects; the target's y axis points up.
func (s *SoftTarget) Image() *image.RGBA { return s.img }

// Bounds is the target's rectangle in pixel coordinates: (0, 0) to (w, h).
func (s *SoftTarget) Bounds() pixel.Rect {
	b := s.img.Bounds()
	return pixel.R(0, 0, float64(b.Dx()), float64(b.Dy()))
}

// Clear fills the whole target with c, unmasked, ignoring what was there.
func (s *SoftTarget) Clear(c color.Color) {
	r, g, b, a := c.RGBA()
	px := [4]uint8{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}
	pix := s.img.Pix
	for i := 0; i+3 < len(pix); i += 4 {
		copy(pix[i:i+4], px[:])
	}
}

// SetMatrix sets the matrix every vertex is projected by when drawn.
func (s *SoftTarget) SetMatrix(m pixel.Matrix) { s.mat = m }

// SetColorMask sets the colour every drawn colour is multiplied by; nil is
// opaque white (no mask).
func (s *SoftTarget) SetColorMask(c color.Color) {
	if c == nil {
		s.mask = pixel.Alpha(1)
		return
	}
	s.mask = pixel.ToRGBA(c)
}

// MakeTriangles returns a copy of t that draws onto s.
func (s *SoftTarget) MakeTriangles(t pixel.Triangles) pixel.TargetTriangles {
	st := &softTriangles{data: pixel.MakeTrianglesData(t.Len()), dst: s}
	st.data.Update(t)
	return st
}

// MakePicture returns a copy of p's pixels that draws onto s. Pictures that
// are not pixel.PictureColor (such as another target) draw as transparent.
func (s *SoftTarget) MakePicture(p pixel.Picture) pixel.TargetPicture {
	var pd *pixel.PictureData
	switch p := p.(type) {
	case *softPicture:
		return p
	case *pixel.PictureData:
		cp := *p
		cp.Pix = append([]color.RGBA(nil), p.Pix...)
		pd = &cp
	default:
		pd = pixel.PictureDataFromPicture(p)
	}
	return &softPicture{pd: pd, dst: s}
}

type softTriangles struct {
	data *pixel.TrianglesData
	dst  *SoftTarget
}

func (t *softTriangles) Len() int { return t.data.Len() }

func (t *softTriangles) SetLen(n int) { t.data.SetLen(n) }

func (t *softTriangles) Slice(i, j int) pixel.Triangles {
	return &softTriangles{data: t.data.Slice(i, j).(*pixel.TrianglesData), dst: t.dst}
}

func (t *softTriangles) Update(u pixel.Triangles) {
	if st, ok := u.(*softTriangles); ok {
		u = st.data
	}
	t.data.Update(u)
}

func (t *softTriangles) Copy() pixel.Triangles {
	return &softTriangles{data: t.data.Copy().(*pixel.TrianglesData), dst: t.dst}
}

func (t *softTriangles) Position(i int) pixel.Vec { return t.data.Position(i) }

func (t *softTriangles) Color(i int) pixel.RGBA { return t.data.Color(i) }

func (t *softTriangles) Picture(i int) (pixel.Vec, float64) { return t.data.Picture(i) }

func (t *softTriangles) ClipRect(i int) (pixel.Rect, bool) { return t.data.ClipRect(i) }

// Draw draws the triangles without a picture.
func (t *softTriangles) Draw() { t.dst.draw(*t.data, nil) }

type softPicture struct {
	pd  *pixel.PictureData
	dst *SoftTarget
}

func (p *softPicture) Bounds() pixel.Rect { return p.pd.Bounds() }

func (p *softPicture) Color(at pixel.Vec) pixel.RGBA { return p.pd.Color(at) }

// Draw draws t textured with the picture.
func (p *softPicture) Draw(t pixel.TargetTriangles) {
	st, ok := t.(*softTriangles)
	if !ok || st.dst != p.dst {
		panic("viz: SoftTarget picture drawn with triangles made by another target")
	}
	p.dst.draw(*st.data, p.pd)
}

// screenVertex is a vertex after the matrix and the colour mask, in image
// coordinates (y down).
type screenVertex struct {
	x, y float64
	col  pixel.RGBA
	u, v float64
	in   float64
}

// draw rasterises triangles, textured with pic when it is not nil.
func (s *SoftTarget) draw(tris pixel.TrianglesData, pic *pixel.PictureData) {
	h := float64(s.img.Bounds().Dy())
	run := &s.run
	var v [3]screenVertex
	for i := 0; i+2 < len(tris); i += 3 {
		for k := range v {
			d := &tris[i+k]
			p := s.mat.Project(d.Position)
			v[k] = screenVertex{x: p.X, y: h - p.Y, col: s.mask.Mul(d.Color), u: d.Picture.X, v: d.Picture.Y, in: d.Intensity}
		}
		clip, clipped := s.clipBox(tris[i].ClipRect, tris[i].IsClipped)
		if s.Antialias && (pic == nil || v[0].in == 0 && v[1].in == 0 && v[2].in == 0) && v[0].col == v[1].col && v[1].col == v[2].col {
			if run.open && (run.col != v[0].col || run.clip != clip) {
				s.flush(run)
			}
			run.add(v[0].col, clip, v)
			continue
		}
		s.flush(run)
		if !clipped {
			clip = s.img.Bounds()
		}
		s.fillShaded(v, pic, clip)
	}
	s.flush(run)
}

// clipBox is the image rectangle of the pixels whose centres a clip
// rectangle keeps (the whole image when the triangle is not clipped).
func (s *SoftTarget) clipBox(r pixel.Rect, clipped bool) (image.Rectangle, bool) {
	b := s.img.Bounds()
	if !clipped {
		return b, false
	}
	h := float64(b.Dy())
	c := image.Rect(
		int(math.Ceil(r.Min.X-0.5)), int(math.Ceil(h-r.Max.Y-0.5)),
		int(math.Floor(r.Max.X-0.5))+1, int(math.Floor(h-r.Min.Y-0.5))+1,
	)
	return c.Intersect(b), true
}

// flatRun collects consecutive triangles of one colour into one path.
type flatRun struct {
	open   bool
	col    pixel.RGBA
	clip   image.Rectangle
	x0, y0 float64 // bounding box of the run, image coordinates
	x1, y1 float64
	tris   []float64 // x, y of each vertex, wound the same way
}

func (r *flatRun) add(col pixel.RGBA, clip image.Rectangle, v [3]screenVertex) {
	if !r.open {
		r.open, r.col, r.clip = true, col, clip
		r.x0, r.y0, r.x1, r.y1 = math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
		r.tris = r.tris[:0]
	}
	a, b, c := v[0], v[1], v[2]
	// One winding for every triangle, so that the shared edges of adjacent
	// triangles cancel in the accumulated coverage instead of leaving seams.
	if (b.x-a.x)*(c.y-a.y)-(b.y-a.y)*(c.x-a.x) < 0 {
		b, c = c, b
	}
	for _, p := range [3]screenVertex{a, b, c} {
		r.x0, r.y0 = math.Min(r.x0, p.x), math.Min(r.y0, p.y)
		r.x1, r.y1 = math.Max(r.x1, p.x), math.Max(r.y1, p.y)
		r.tris = append(r.tris, p.x, p.y)
	}
}

// flush draws the open run, if any, clipped to its rectangle and to the run's
// bounding box, so that a small shape costs only its own pixels.
func (s *SoftTarget) flush(r *flatRun) {
	if !r.open {
		return
	}
	r.open = false
	if r.col.A <= 0 && r.col.R <= 0 && r.col.G <= 0 && r.col.B <= 0 {
		return
	}
	box := image.Rect(int(math.Floor(r.x0)), int(math.Floor(r.y0)), int(math.Ceil(r.x1)), int(math.Ceil(r.y1))).Intersect(r.clip)
	if box.Empty() {
		return
	}
	w, h := box.Dx(), box.Dy()
	s.z.Reset(w, h)
	ox, oy := float64(box.Min.X), float64(box.Min.Y)
	for k := 0; k+5 < len(r.tris); k += 6 {
		t := r.tris[k : k+6]
		s.z.MoveTo(float32(t[0]-ox), float32(t[1]-oy))
		s.z.LineTo(float32(t[2]-ox), float32(t[3]-oy))
		s.z.LineTo(float32(t[4]-ox), float32(t[5]-oy))
		s.z.ClosePath()
	}
	// Coverage first, into an 8-bit mask (vector's fastest path), then one
	// pass that skips the uncovered pixels: a long polyline's box is mostly
	// empty.
	if n := w * h; cap(s.cover) < n {
		s.cover = make([]uint8, n)
	}
	s.mask8 = image.Alpha{Pix: s.cover[:w*h], Stride: w, Rect: image.Rect(0, 0, w, h)}
	s.z.DrawOp = draw.Src
	s.z.Draw(&s.mask8, s.mask8.Rect, image.Opaque, image.Point{})
	c := r.col
	a := clamp01(c.A)
	sr, sg, sb, sa := unit255(math.Min(c.R, a)), unit255(math.Min(c.G, a)), unit255(math.Min(c.B, a)), unit255(a)
	for y := range h {
		cov := s.mask8.Pix[y*w : (y+1)*w]
		row := s.img.Pix[s.img.PixOffset(box.Min.X, box.Min.Y+y):]
		for x, m := range cov {
			switch m {
			case 0:
			case 255:
				over(row[4*x:4*x+4:4*x+4], sr, sg, sb, sa)
			default:
				m := uint32(m)
				over(row[4*x:4*x+4:4*x+4], sr*m/255, sg*m/255, sb*m/255, sa*m/255)
			}
		}
	}
}

func clamp01(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// fillShaded fills the pixels of triangle v whose centres it covers, within
// clip, interpolating colour, picture coordinates and intensity linearly (the
// projection is affine, so this is what OpenGL's perspective-correct
// interpolation computes too).
func (s *SoftTarget) fillShaded(v [3]screenVertex, pic *pixel.PictureData, clip image.Rectangle) {
	area := (v[1].x-v[0].x)*(v[2].y-v[0].y) - (v[1].y-v[0].y)*(v[2].x-v[0].x)
	if area == 0 || math.IsNaN(area) {
		return
	}
	if area < 0 {
		v[1], v[2] = v[2], v[1]
		area = -area
	}
	// Every attribute is affine on the screen: f0 + fx·(x-x0) + fy·(y-y0).
	mk := func(f0, f1, f2 float64) affine {
		return affine{
			x0: v[0].x, y0: v[0].y, f0: f0,
			fx: ((f1-f0)*(v[2].y-v[0].y) - (f2-f0)*(v[1].y-v[0].y)) / area,
			fy: ((f2-f0)*(v[1].x-v[0].x) - (f1-f0)*(v[2].x-v[0].x)) / area,
		}
	}
	u, w, in := mk(v[0].u, v[1].u, v[2].u), mk(v[0].v, v[1].v, v[2].v), mk(v[0].in, v[1].in, v[2].in)
	cr, cg := mk(v[0].col.R, v[1].col.R, v[2].col.R), mk(v[0].col.G, v[1].col.G, v[2].col.G)
	cb, ca := mk(v[0].col.B, v[1].col.B, v[2].col.B), mk(v[0].col.A, v[1].col.A, v[2].col.A)
	// The picture drawn as it is: the common case (heatmap, white text).
	plain := pic != nil && v[0].col == pixel.Alpha(1) && v[1].col == v[0].col && v[2].col == v[0].col &&
		v[0].in == 1 && v[1].in == 1 && v[2].in == 1

	// One colour, no picture: the shapes, when not anti-aliased.
	flat := (pic == nil || v[0].in == 0 && v[1].in == 0 && v[2].in == 0) && v[0].col == v[1].col && v[1].col == v[2].col
	var fr, fg, fb, fa uint32
	if flat {
		c := v[0].col
		a := clamp01(c.A)
		fr, fg, fb, fa = unit255(math.Min(c.R, a)), unit255(math.Min(c.G, a)), unit255(math.Min(c.B, a)), unit255(a)
	}
	var pw, ph int
	var px0, py0 float64
	if pic != nil {
		px0, py0 = pic.Rect.Min.X, pic.Rect.Min.Y
		pw, ph = int(math.Round(pic.Rect.W())), int(math.Round(pic.Rect.H()))
	}
	y0 := max(clip.Min.Y, int(math.Ceil(math.Min(v[0].y, math.Min(v[1].y, v[2].y))-0.5)))
	y1 := min(clip.Max.Y-1, int(math.Floor(math.Max(v[0].y, math.Max(v[1].y, v[2].y))-0.5)))
	for py := y0; py <= y1; py++ {
		cy := float64(py) + 0.5
		lo, hi := float64(clip.Min.X), float64(clip.Max.X-1)
		// Each edge keeps the half-plane on the triangle's side: a linear
		// bound on x for this row. Edges bounding from the left include
		// their boundary, those bounding from the right exclude it, so a
		// pixel on an edge two triangles share is drawn once.
		for k := range 3 {
			a, b := v[k], v[(k+1)%3]
			// Inside when (b.x-a.x)·(y-a.y) - (b.y-a.y)·(x-a.x) >= 0.
			ex, ey := b.x-a.x, b.y-a.y
			c := ex * (cy - a.y)
			switch {
			case ey > 0:
				hi = math.Min(hi, math.Ceil(a.x+c/ey-0.5)-1)
			case ey < 0:
				lo = math.Max(lo, math.Ceil(a.x+c/ey-0.5))
			case c < 0:
				lo, hi = 1, 0
			}
		}
		if lo > hi {
			continue
		}
		x0, n := lo+0.5, int(hi-lo)
		row := s.img.Pix[s.img.PixOffset(int(lo), py):]
		if flat {
			for i := 0; i <= n; i++ {
				over(row[4*i:4*i+4:4*i+4], fr, fg, fb, fa)
			}
			continue
		}
		if plain {
			// Texel coordinates in 32.32 fixed point, stepped per pixel.
			const one = 1 << 32
			tu, tv := int64(math.Floor((u.at(x0, cy)-px0)*one)), int64(math.Floor((w.at(x0, cy)-py0)*one))
			du, dv := int64(math.Round(u.fx*one)), int64(math.Round(w.fx*one))
			for i := 0; i <= n; i, tu, tv = i+1, tu+du, tv+dv {
				tx, ty := int(tu>>32), int(tv>>32)
				if tx < 0 || ty < 0 || tx >= pw || ty >= ph {
					continue
				}
				c := pic.Pix[ty*pic.Stride+tx]
				over(row[4*i:4*i+4:4*i+4], uint32(c.R)*255, uint32(c.G)*255, uint32(c.B)*255, uint32(c.A)*255)
			}
			continue
		}
		for i := 0; i <= n; i++ {
			x := x0 + float64(i)
			col := pixel.RGBA{R: cr.at(x, cy), G: cg.at(x, cy), B: cb.at(x, cy), A: ca.at(x, cy)}
			if k := in.at(x, cy); pic != nil && k != 0 {
				var tex pixel.RGBA
				fu, fv := u.at(x, cy)-px0, w.at(x, cy)-py0
				if tx, ty := int(math.Floor(fu)), int(math.Floor(fv)); tx >= 0 && ty >= 0 && tx < pw && ty < ph {
					c := pic.Pix[ty*pic.Stride+tx]
					tex = pixel.RGBA{R: float64(c.R) / 255, G: float64(c.G) / 255, B: float64(c.B) / 255, A: float64(c.A) / 255}
				}
				col = col.Scaled(1 - k).Add(col.Mul(tex).Scaled(k))
			}
			a := clamp01(col.A)
			over(row[4*i:4*i+4:4*i+4], unit255(math.Min(col.R, a)), unit255(math.Min(col.G, a)), unit255(math.Min(col.B, a)), unit255(a))
		}
	}
}

// affine is a vertex attribute over a triangle: f0 at (x0, y0), changing by
// fx per pixel right and fy per pixel down.
type affine struct{ x0, y0, f0, fx, fy float64 }

func (a affine) at(x, y float64) float64 { return a.f0 + a.fx*(x-a.x0) + a.fy*(y-a.y0) }

// over composes a premultiplied source, each channel scaled to 0..255·255,
// over the 8-bit pixel p.
func over(p []uint8, r, g, b, a uint32) {
	switch a {
	case 0:
		if r|g|b == 0 {
			return
		}
	case 255 * 255:
		p[0], p[1], p[2], p[3] = div255(r), div255(g), div255(b), 255
		return
	}
	k := 255 - a/255
	p[0] = div255(r + uint32(p[0])*k)
	p[1] = div255(g + uint32(p[1])*k)
	p[2] = div255(b + uint32(p[2])*k)
	p[3] = div255(a + uint32(p[3])*k)
}

// lineDrawer is a target that draws many one-pixel lines of one colour
// faster than as triangles. The scene draws the tree through it when the
// target has it.
type lineDrawer interface {
	// drawLines draws a line from pts[2k] to pts[2k+1] for every k, in
	// pixel coordinates before the target's matrix.
	drawLines(pts []pixel.Vec, col pixel.RGBA)
}

// drawLines draws each segment one pixel wide: the pixels whose centres the
// OpenGL window's one-pixel quad along it covers, one or two per step along
// the major axis (its square ends aside), at a fraction of the cost of two
// triangles per edge, which matters for a tree of 10⁵ edges.
func (s *SoftTarget) drawLines(pts []pixel.Vec, col pixel.RGBA) {
	c := s.mask.Mul(col)
	a := clamp01(c.A)
	if a == 0 && c.R <= 0 && c.G <= 0 && c.B <= 0 {
		return
	}
	// One colour over any 8-bit value is a table lookup per channel.
	src := [4]uint32{unit255(math.Min(c.R, a)), unit255(math.Min(c.G, a)), unit255(math.Min(c.B, a)), unit255(a)}
	k := 255 - src[3]/255
	lut := &s.lut
	for ch := range 4 {
		for v := range 256 {
			lut[ch][v] = div255(src[ch] + uint32(v)*k)
		}
	}
	b := s.img.Bounds()
	w, h := b.Dx(), b.Dy()
	fh := float64(h)
	pix, stride := s.img.Pix, s.img.Stride
	for i := 0; i+1 < len(pts); i += 2 {
		p, q := s.mat.Project(pts[i]), s.mat.Project(pts[i+1])
		x0, y0, x1, y1 := p.X, fh-p.Y, q.X, fh-q.Y
		// Step along the major axis; (step, across) are the byte strides
		// of one pixel along it and across it.
		major0, minor0, major1, minor1 := x0, y0, x1, y1
		n, m, step, across := w, h, 4, stride
		if math.Abs(y1-y0) > math.Abs(x1-x0) {
			major0, minor0, major1, minor1 = y0, x0, y1, x1
			n, m, step, across = h, w, stride, 4
		}
		if major1 < major0 {
			major0, minor0, major1, minor1 = major1, minor1, major0, minor0
		}
		if major1 == major0 {
			continue
		}
		slope := (minor1 - minor0) / (major1 - major0)
		lo := max(0, int(math.Ceil(major0-0.5)))
		hi := min(n-1, int(math.Ceil(major1-0.5))-1)
		if lo > hi {
			continue
		}
		// A one-pixel-wide quad along the segment spans, across each
		// step, half·√(1+slope²) either side of the centre line: the
		// pixels whose centres fall in [lo, hi) of the minor axis. Both
		// ends are kept in 32.32 fixed point and stepped.
		const one = 1 << 32
		half := 0.5 * math.Sqrt(1+slope*slope)
		c := minor0 + (float64(lo)+0.5-major0)*slope - 0.5
		fixLo, fixHi := int64(math.Floor((c-half)*one)), int64(math.Floor((c+half)*one))
		dfix := int64(math.Round(slope * one))
		for j := lo; j <= hi; j, fixLo, fixHi = j+1, fixLo+dfix, fixHi+dfix {
			// ceil(lo) .. ceil(hi)-1, clipped to the image.
			a, b := max(0, int((fixLo+one-1)>>32)), min(m, int((fixHi+one-1)>>32))
			for mi := a; mi < b; mi++ {
				o := j*step + mi*across
				px := pix[o : o+4 : o+4]
				px[0], px[1], px[2], px[3] = lut[0][px[0]], lut[1][px[1]], lut[2][px[2]], lut[3][px[3]]
			}
		}
	}
}

// unit255 scales x in [0, 1] to 0..255·255, the premultiplied source term
// of an 8-bit blend.
func unit255(x float64) uint32 { return uint32(clamp01(x)*255*255 + 0.5) }

// div255 divides x by 255, rounded, saturating at 255 (a sum of rounded
// terms may pass 255·255 by a little).
func div255(x uint32) uint8 {
	x = min(x, 255*255)
	return uint8((x + 128 + (x+128)>>8) >> 8)
}

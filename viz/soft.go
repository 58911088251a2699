package viz

import (
	"encoding/binary"
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

	// hits counts, per pixel (row-major, top row first), the edges of
	// the current drawEdges batch that cover it; zero between batches.
	hits []uint8
	// lines is drawEdges' blend of its colour, repeated.
	lines lineBlend
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
	pix := s.img.Pix
	if len(pix) < 4 {
		return
	}
	pix[0], pix[1], pix[2], pix[3] = uint8(r>>8), uint8(g>>8), uint8(b>>8), uint8(a>>8)
	// Doubling copies: memmove speed.
	for n := 4; n < len(pix); n *= 2 {
		copy(pix[n:], pix[:n])
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
	texels := make([]uint32, len(pd.Pix))
	for i, c := range pd.Pix {
		texels[i] = uint32(c.R) | uint32(c.G)<<8 | uint32(c.B)<<16 | uint32(c.A)<<24
	}
	return &softPicture{pd: pd, texels: texels, dst: s}
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
	pd *pixel.PictureData
	// texels are pd's pixels as image.RGBA stores them, a little-endian
	// word each, so that an opaque texel is copied in one store.
	texels []uint32
	dst    *SoftTarget
}

func (p *softPicture) Bounds() pixel.Rect { return p.pd.Bounds() }

func (p *softPicture) Color(at pixel.Vec) pixel.RGBA { return p.pd.Color(at) }

// Draw draws t textured with the picture.
func (p *softPicture) Draw(t pixel.TargetTriangles) {
	st, ok := t.(*softTriangles)
	if !ok || st.dst != p.dst {
		panic("viz: SoftTarget picture drawn with triangles made by another target")
	}
	p.dst.draw(*st.data, p)
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
func (s *SoftTarget) draw(tris pixel.TrianglesData, pic *softPicture) {
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
func (s *SoftTarget) fillShaded(v [3]screenVertex, sp *softPicture, clip image.Rectangle) {
	var pic *pixel.PictureData
	if sp != nil {
		pic = sp.pd
	}
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
			span := row[:4*(n+1)]
			if fa == 255*255 {
				c := uint32(div255(fr)) | uint32(div255(fg))<<8 | uint32(div255(fb))<<16 | 255<<24
				for i := 0; i+4 <= len(span); i += 4 {
					binary.LittleEndian.PutUint32(span[i:], c)
				}
				continue
			}
			// over, inlined: the span is long and the colour fixed.
			k := 255 - fa/255
			for i := 0; i+4 <= len(span); i += 4 {
				px := span[i : i+4 : i+4]
				px[0], px[1], px[2], px[3] = div255(fr+uint32(px[0])*k), div255(fg+uint32(px[1])*k), div255(fb+uint32(px[2])*k), div255(fa+uint32(px[3])*k)
			}
			continue
		}
		if plain {
			// Texel coordinates in 32.32 fixed point, stepped per pixel.
			const one = 1 << 32
			tu, tv := int64(math.Floor((u.at(x0, cy)-px0)*one)), int64(math.Floor((w.at(x0, cy)-py0)*one))
			du, dv := int64(math.Round(u.fx*one)), int64(math.Round(w.fx*one))
			if dv == 0 && du > 0 {
				// Upright, as the heatmap is: one row of texels, each
				// drawn over a run of pixels.
				if ty := int(tv >> 32); ty >= 0 && ty < ph {
					texelRuns(row[:4*(n+1)], sp.texels[ty*pic.Stride:ty*pic.Stride+pw], tu, du)
				}
				continue
			}
			for i := 0; i <= n; i, tu, tv = i+1, tu+du, tv+dv {
				tx, ty := int(tu>>32), int(tv>>32)
				if tx < 0 || ty < 0 || tx >= pw || ty >= ph {
					continue
				}
				texelOver(row[4*i:4*i+4], sp.texels[ty*pic.Stride+tx])
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

// texelRuns draws the pixels of row (4 bytes each) with the texels of
// texRow under them, pixel i taking texel (tu + i·du)>>32 (32.32 fixed
// point, du > 0): a run of pixels at a time, since a texel usually spans
// several. Texels outside texRow are not drawn.
func texelRuns(row []uint8, texRow []uint32, tu, du int64) {
	n := len(row) / 4
	for i := 0; i < n; {
		tx := tu >> 32
		// The pixels up to end share texel tx: the first after them is
		// the first whose tu reaches tx+1.
		k := ((tx+1)<<32 - tu + du - 1) / du
		end := n
		if k < int64(n-i) {
			end = i + int(k)
		}
		if tx >= 0 && tx < int64(len(texRow)) {
			c := texRow[tx]
			run := row[4*i : 4*end]
			if c>>24 == 255 {
				for j := 0; j+4 <= len(run); j += 4 {
					binary.LittleEndian.PutUint32(run[j:], c)
				}
			} else if c != 0 {
				for j := 0; j+4 <= len(run); j += 4 {
					texelOver(run[j:j+4], c)
				}
			}
		}
		tu += int64(end-i) * du
		i = end
	}
}

// texelOver composes texel c (image.RGBA's bytes, little-endian) over the
// pixel px[:4].
func texelOver(px []uint8, c uint32) {
	switch a := c >> 24; {
	case a == 255: // opaque: over is a copy
		binary.LittleEndian.PutUint32(px, c)
	case c != 0:
		over(px[:4:4], c&0xff*255, c>>8&0xff*255, c>>16&0xff*255, a*255)
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

// lineDrawer is a target that draws a tree's edges as one-pixel lines of
// one colour faster than as triangles. The scene draws the tree through it
// when the target has it.
type lineDrawer interface {
	// drawEdges draws every edge seen through v that is not wholly off
	// v's W×H screen as a one-pixel line, the target's matrix applied to
	// the screen positions.
	drawEdges(edges []Edge, v View, col pixel.RGBA)
}

// drawEdges draws each edge one pixel wide: the pixels whose centres the
// OpenGL window's one-pixel quad along it covers, one or two per step along
// the major axis (its square ends aside), at a fraction of the cost of two
// triangles per edge, which matters for a tree of 10⁵ edges.
//
// Every edge blends the same colour the same way, so a pixel's result
// depends only on how many edges cover it, not on their order: the edges
// are counted into a byte per pixel first, which is small enough to stay in
// cache, and the image is blended once per covered pixel after, row by row.
// The result is exactly that of blending edge by edge.
func (s *SoftTarget) drawEdges(edges []Edge, v View, col pixel.RGBA) {
	c := s.mask.Mul(col)
	a := clamp01(c.A)
	if a == 0 && c.R <= 0 && c.G <= 0 && c.B <= 0 {
		return
	}
	b := s.img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w == 0 || h == 0 {
		return
	}
	if n := w * h; len(s.hits) != n {
		s.hits = make([]uint8, n)
	}
	y0, y1 := s.countEdges(edges, v)
	if y0 >= y1 {
		return
	}
	s.lines.build([4]uint32{unit255(math.Min(c.R, a)), unit255(math.Min(c.G, a)), unit255(math.Min(c.B, a)), unit255(a)})
	s.blendHits(y0, y1)
}

// countEdges adds one to s.hits at every pixel each edge covers (saturating
// at 255) and returns the rows it touched, [top, bottom).
//
// It works through the edges a chunk at a time: first each edge's
// stepping, then the steps of the whole chunk. Apart, the setup of one
// edge (a division, a square root, roundings: a long chain of latencies)
// overlaps that of the next instead of stalling the steps; and the setup
// selects rather than branches on the edge's direction, which is random.
func (s *SoftTarget) countEdges(edges []Edge, v View) (top, bottom int) {
	b := s.img.Bounds()
	w, h := b.Dx(), b.Dy()
	fh := float64(h)
	hits := s.hits
	// The rows touched, inclusive: blendHits reads (and clears) only those.
	top, bottom = h, -1
	// The view's map, as View.ToScreen computes it, in locals: the
	// compiler would copy the View for every point.
	vw, vh := float64(v.W), float64(v.H)
	cx, cy, scale, hw, hh := v.Center.X, v.Center.Y, v.Scale, vw/2, vh/2
	mat, moved := s.mat, s.mat != pixel.IM
	var chunk [lineChunk]lineSteps
	for len(edges) > 0 {
		n := 0
		for ; n < len(chunk) && len(edges) > 0; edges = edges[1:] {
			e := &edges[0]
			p := pixel.Vec{X: (e.A.X-cx)*scale + hw, Y: (e.A.Y-cy)*scale + hh}
			q := pixel.Vec{X: (e.B.X-cx)*scale + hw, Y: (e.B.Y-cy)*scale + hh}
			if p.X < 0 && q.X < 0 || p.X > vw && q.X > vw || p.Y < 0 && q.Y < 0 || p.Y > vh && q.Y > vh {
				continue // off the screen
			}
			if moved {
				p, q = mat.Project(p), mat.Project(q)
			}
			x0, y0, x1, y1 := p.X, fh-p.Y, q.X, fh-q.Y
			// Step along the major axis, from its lower end; (step,
			// across) are the strides of one pixel along it and across
			// it in hits.
			steep := math.Abs(y1-y0) > math.Abs(x1-x0)
			major0, minor0, major1, minor1 := pick(steep, x0, y0), pick(steep, y0, x0), pick(steep, x1, y1), pick(steep, y1, x1)
			n0, m, step, across := pickInt(steep, w, h), pickInt(steep, h, w), pickInt(steep, 1, w), pickInt(steep, w, 1)
			back := major1 < major0
			major0, minor0, major1, minor1 = pick(back, major0, major1), pick(back, minor0, minor1), pick(back, major1, major0), pick(back, minor1, minor0)
			if major1 == major0 {
				continue
			}
			slope := (minor1 - minor0) / (major1 - major0)
			lo := max(0, int(math.Ceil(major0-0.5)))
			hi := min(n0-1, int(math.Ceil(major1-0.5))-1)
			if lo > hi {
				continue
			}
			// A one-pixel-wide quad along the edge spans, across each
			// step, half·√(1+slope²) either side of the centre line: the
			// pixels whose centres fall in [lo, hi) of the minor axis.
			// Both ends are kept in 32.32 fixed point and stepped.
			half := 0.5 * math.Sqrt(1+slope*slope)
			c := minor0 + (float64(lo)+0.5-major0)*slope - 0.5
			fixLo, fixHi := int64(math.Floor((c-half)*fixOne)), int64(math.Floor((c+half)*fixOne))
			dfix := int64(math.Round(slope * fixOne))
			if step == 1 {
				// Across a step the pixels from ceil(lo) to ceil(lo)+1
				// at most, ceil(lo) moving monotonically along the
				// edge.
				r0, r1 := (fixLo+fixOne-1)>>32, (fixLo+fixOne-1+int64(hi-lo)*dfix)>>32
				top, bottom = min(top, max(0, int(min(r0, r1)))), max(bottom, min(h-1, int(max(r0, r1))+1))
			} else {
				top, bottom = min(top, lo), max(bottom, hi)
			}
			if min(minor0, minor1)-half < 1 || max(minor0, minor1)+half > float64(m-2) {
				// Crossing the image's edge across: clipped, step by
				// step (few edges do).
				for j := lo; j <= hi; j, fixLo, fixHi = j+1, fixLo+dfix, fixHi+dfix {
					// ceil(lo) .. ceil(hi)-1, clipped to the image.
					a, b := max(0, int((fixLo+fixOne-1)>>32)), min(m, int((fixHi+fixOne-1)>>32))
					row := j * step
					for mi := a; mi < b; mi++ {
						o := row + mi*across
						if k := hits[o]; k != 255 {
							hits[o] = k + 1
						}
					}
				}
				continue
			}
			// Inside the image across, with a pixel to spare for
			// rounding: each step covers the pixel a = ceil(lo), and
			// a+1 too when ceil(hi) = a+2, that is when lo's fraction
			// reaches 2 - (hi - lo) (the quad is 1 to √2 pixels wide
			// across a step).
			chunk[n] = lineSteps{
				row: lo * step, steps: hi - lo + 1, step: step, across: across,
				fl: fixLo + fixOne - 1, dfix: dfix, twoAt: 2*fixOne - (fixHi - fixLo),
			}
			n++
		}
		for i := range chunk[:n] {
			chunk[i].count(hits)
		}
	}
	return top, bottom + 1
}

// pickInt returns b if c, else a, without a branch.
func pickInt(c bool, a, b int) int {
	if c {
		a = b
	}
	return a
}

// pick returns b if c, else a, without a branch: for a condition as random
// as an edge's direction, a branch is mispredicted half the time. The bits
// are masked because the compiler branches on a select of floats.
func pick(c bool, a, b float64) float64 {
	m := -uint64(bit(c))
	return math.Float64frombits(math.Float64bits(a)&^m | math.Float64bits(b)&m)
}

// bit is 1 if c, else 0.
func bit(c bool) uint8 {
	var x uint8
	if c {
		x = 1
	}
	return x
}

// fixOne is 1 in the 32.32 fixed point countEdges steps in.
const fixOne = 1 << 32

// lineChunk is how many edges countEdges sets up before stepping them.
const lineChunk = 256

// lineSteps is how countEdges steps one edge inside the image: from
// hits[row], steps times, by step along and across for the second pixel;
// fl is ceil(the quad's low edge) in 32.32 fixed point, moving by dfix,
// and a step covers two pixels when fl's fraction reaches twoAt.
type lineSteps struct {
	row, steps, step, across int
	fl, dfix, twoAt          int64
}

// count counts the segment's pixels in hits. It is a function of its own
// so that the loop keeps its variables in registers.
func (l *lineSteps) count(hits []uint8) {
	row, step, across, fl, dfix, twoAt := l.row, l.step, l.across, l.fl, l.dfix, l.twoAt
	for range l.steps {
		o := row + int(fl>>32)*across
		// One pixel or two changes unpredictably from step to step, so
		// a+1 is always visited and counted by 0 or 1 rather than
		// branched on.
		two := uint8(0)
		if int64(uint32(fl)) >= twoAt {
			two = 1
		}
		if k := hits[o]; k != 255 {
			hits[o] = k + 1
		}
		if k := hits[o+across]; k != 255 {
			hits[o+across] = k + two
		}
		row += step
		fl += dfix
	}
}

// blendHits blends the lines' colour over every pixel of rows [y0, y1) as
// many times as s.hits counts, and zeroes the counts for the next batch.
func (s *SoftTarget) blendHits(y0, y1 int) {
	w := s.img.Bounds().Dx()
	pix, stride := s.img.Pix, s.img.Stride
	t := &s.lines
	for y := y0; y < y1; y++ {
		hits := s.hits[y*w : (y+1)*w]
		row := pix[y*stride : y*stride+4*w]
		x := 0
		// Eight pixels at a time: a zero count blends by the identity
		// table, cheaper than a branch on it, and eight zeros (the
		// gaps of a sparse tree) are skipped.
		for ; x+8 <= len(hits); x += 8 {
			k8 := binary.LittleEndian.Uint64(hits[x:])
			if k8 == 0 {
				continue
			}
			binary.LittleEndian.PutUint64(hits[x:], 0)
			if k8&manyHits != 0 {
				for i := range 8 {
					t.blend(row[4*(x+i):], uint8(k8>>(8*i)))
				}
				continue
			}
			px := row[4*x : 4*x+32]
			for i := 0; i < 32; i, k8 = i+4, k8>>8 {
				p := &t.pow[k8&0xff]
				c := binary.LittleEndian.Uint32(px[i:])
				c = uint32(p[0][c&0xff]) | uint32(p[1][c>>8&0xff])<<8 | uint32(p[2][c>>16&0xff])<<16 | uint32(p[3][c>>24])<<24
				binary.LittleEndian.PutUint32(px[i:], c)
			}
		}
		for ; x < len(hits); x++ {
			t.blend(row[4*x:], hits[x])
			hits[x] = 0
		}
	}
}

// manyHits has a bit set in each byte of eight counts if one is above
// linePow.
const manyHits = 0x0101010101010101 * (0xff &^ linePow)

// lineBlend is one colour's blend over an 8-bit channel value, applied up
// to linePow times: pow[k][ch][v] is channel ch of value v after k blends.
type lineBlend struct {
	ok  bool      // the tables are built, for src
	src [4]uint32 // the colour
	pow [linePow + 1][4][256]uint8
}

// linePow is how many repeated blends the tables hold (a power of two less
// one, for manyHits); more take several lookups. A pixel under more than a
// handful of tree edges is rare except at the nodes, so 15 keeps the tables
// (16 KiB) in the first-level cache.
const linePow = 15

// build makes the tables for a premultiplied colour, each channel scaled to
// 0..255·255, unless they are already for it.
func (t *lineBlend) build(src [4]uint32) {
	if t.ok && t.src == src {
		return
	}
	t.ok, t.src = true, src
	k := 255 - src[3]/255
	for ch := range 4 {
		id, one := &t.pow[0][ch], &t.pow[1][ch]
		for v := range 256 {
			id[v] = uint8(v)
			one[v] = div255(src[ch] + uint32(v)*k)
		}
		for p := 2; p <= linePow; p++ {
			prev, cur := &t.pow[p-1][ch], &t.pow[p][ch]
			for v := range 256 {
				cur[v] = one[prev[v]]
			}
		}
	}
}

// blend blends the colour n times over the pixel px[:4].
func (t *lineBlend) blend(px []uint8, n uint8) {
	px = px[:4:4]
	for n > linePow {
		p := &t.pow[linePow]
		px[0], px[1], px[2], px[3] = p[0][px[0]], p[1][px[1]], p[2][px[2]], p[3][px[3]]
		n -= linePow
	}
	p := &t.pow[n]
	px[0], px[1], px[2], px[3] = p[0][px[0]], p[1][px[1]], p[2][px[2]], p[3][px[3]]
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

package viz

import (
	"image/color"
	"math"
	"strconv"

	"github.com/gopxl/pixel/v2"
	"github.com/gopxl/pixel/v2/ext/imdraw"
	"github.com/gopxl/pixel/v2/ext/text"
	"golang.org/x/image/font/basicfont"
	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
)

// Layer is a set of the scene's layers, one bit each.
type Layer uint32

// The layers, bottom to top. The window toggles them with the number keys
// 1 to 8, in this order.
const (
	LayerHeatmap Layer = 1 << iota // the belief, and its colour legend
	LayerZones                     // search bounds and keep-out zones
	LayerTree                      // the planner's tree, faint
	LayerTrail                     // the path flown
	LayerPlan                      // the best path
	LayerTargets                   // targets and false detections
	LayerVehicle                   // the vehicle and its camera footprint
	LayerHUD                       // the text overlay

	AllLayers = LayerHUD<<1 - 1
)

// layerNames are the layers' names in bit order.
var layerNames = [...]string{"heatmap", "zones", "tree", "trail", "plan", "targets", "vehicle", "hud"}

// String names the layers of l, joined by "+".
func (l Layer) String() string {
	var b []byte
	for i, name := range layerNames {
		if l&(1<<i) != 0 {
			if len(b) > 0 {
				b = append(b, '+')
			}
			b = append(b, name...)
		}
	}
	if len(b) == 0 {
		return "none"
	}
	return string(b)
}

// HeatmapMode is what the heatmap shows of each cell.
type HeatmapMode int

const (
	// Probability shows the probability that the cell holds an undetected
	// target, on a linear scale from 0 to 1.
	Probability HeatmapMode = iota
	// Entropy shows the cell's binary entropy, 0 to 1 bit: bright where
	// looking would teach the most.
	Entropy
)

// String names the mode.
func (m HeatmapMode) String() string {
	if m == Entropy {
		return "entropy"
	}
	return "probability"
}

// Sizes on the screen, in pixels: the scene keeps its strokes and symbols
// the same size at any zoom.
const (
	treeWidth    = 1
	planWidth    = 2.5
	trailWidth   = 2
	zoneWidth    = 2
	boundsWidth  = 1.5
	vehicleLen   = 18 // nose to tail
	vehicleWidth = 12
	targetRadius = 5
	crossHalf    = 5
	hudMargin    = 8
	hudPad       = 6
	legendWidth  = 12
	legendHeight = 140
	legendSteps  = 64
)

// Scene draws frames. It holds the geometry buffers it reuses from frame to
// frame, so once it has drawn a scene of some size, drawing another of that
// size allocates nothing. A Scene is not safe for concurrent use; frames are
// read-only to it, so several Scenes may draw one frame at once.
//
// The scene is drawn with pixel's imdraw and text packages onto any
// pixel.Target: the OpenGL window, or a SoftTarget for PNG, GIF and tests.
// The heatmap is one textured quad (one texel per cell) and the tree one
// batch of thin quads, since those two grow with the mission.
type Scene struct {
	// Layers selects what is drawn; the zero value draws nothing.
	Layers Layer
	// Heatmap selects what the heatmap shows.
	Heatmap HeatmapMode
	// Palette colours the layers.
	Palette Palette
	// Status is an extra line at the top of the HUD (the window shows its
	// playback speed there).
	Status string

	imd *imdraw.IMDraw

	tree     pixel.TrianglesData
	treeDraw pixel.Drawer

	heat        *pixel.PictureData
	heatVersion uint64 // counts the changes of heat's pixels
	heatQuad    pictureQuad
	legendPic   pictureQuad

	boxed map[pixel.RGBA]color.Color

	txt  *text.Text
	line []byte
	ears []int // ear-clipping scratch: polygon vertex indices
}

// atlas is the HUD's font: a fixed 7×13 bitmap font, so the text is crisp and
// identical in the window and in software.
var atlas = text.NewAtlas(basicfont.Face7x13, text.ASCII)

// NewScene returns a scene that draws every layer, the probability heatmap,
// in the default palette.
func NewScene() *Scene {
	s := &Scene{
		Layers:  AllLayers,
		Palette: DefaultPalette(),
		imd:     imdraw.New(nil),
		txt:     text.New(pixel.ZV, atlas),
	}
	s.treeDraw.Triangles = &s.tree
	return s
}

// Draw draws f as seen through v onto t, over what t holds (clear it first).
func (s *Scene) Draw(t pixel.Target, f *Frame, v View) {
	if s.Layers&LayerHeatmap != 0 && f.Belief != nil && f.Belief.Len() > 0 {
		s.drawHeatmap(t, f.Belief, v)
	}
	if s.Layers&LayerTree != 0 && len(f.Tree) > 0 {
		s.drawTree(t, f.Tree, v)
	}
	imd := s.imd
	imd.Clear()
	imd.Reset()
	if s.Layers&LayerZones != 0 {
		s.zones(f, v)
	}
	if s.Layers&LayerTrail != 0 {
		s.polyline(f.Trail, v, s.Palette.Trail, trailWidth)
	}
	if s.Layers&LayerPlan != 0 {
		s.polyline(f.Plan, v, s.Palette.Plan, planWidth)
	}
	if s.Layers&LayerTargets != 0 {
		s.targets(f, v)
	}
	if s.Layers&LayerVehicle != 0 {
		s.vehicle(f, v)
	}
	s.txt.Clear()
	if s.Layers&LayerHUD != 0 {
		s.hud(f, v)
	}
	if s.Layers&LayerHeatmap != 0 && f.Belief != nil {
		s.legend(t, v)
	}
	imd.Draw(t)
	s.txt.Draw(t, pixel.IM)
}

// drawHeatmap paints one texel per cell and draws them as one quad over the
// grid's extent.
func (s *Scene) drawHeatmap(t pixel.Target, g *belief.Grid, v View) {
	s.paintHeat(g)
	a := v.ToScreen(r2.Vec{X: g.XStart, Y: g.YStart})
	b := v.ToScreen(r2.Vec{X: g.XStart + float64(g.Rows)*g.Res, Y: g.YStart + float64(g.Cols)*g.Res})
	s.heatQuad.draw(t, s.heat, s.heatVersion, a, b)
}

// paintHeat fills the heatmap picture from g: texel (i, j) is cell (i, j),
// y up as in the world. Cells of probability exactly 0 (outside the search
// area, or ruled out by a prior) are transparent.
func (s *Scene) paintHeat(g *belief.Grid) {
	rect := pixel.R(0, 0, float64(g.Rows), float64(g.Cols))
	if s.heat == nil || s.heat.Rect != rect {
		s.heat = pixel.MakePictureData(rect)
		s.heatVersion++
	}
	changed := false
	pix, stride := s.heat.Pix, s.heat.Stride
	for i := range g.Rows {
		row := g.Prob[i*g.Cols : (i+1)*g.Cols]
		for j, p := range row {
			var c color.RGBA
			if p != 0 {
				x := p
				if s.Heatmap == Entropy {
					x = belief.Entropy(p)
				}
				c = colormap[colormapIndex(x)]
			}
			if k := j*stride + i; pix[k] != c {
				pix[k], changed = c, true
			}
		}
	}
	if changed {
		s.heatVersion++
	}
}

// drawTree draws every edge one pixel wide, skipping edges off the screen:
// as lines on a target that draws lines itself, else as thin quads.
func (s *Scene) drawTree(t pixel.Target, edges []Edge, v View) {
	col := s.Palette.Tree
	if ld, ok := t.(lineDrawer); ok {
		ld.drawEdges(edges, v, col)
		return
	}
	w, h := float64(v.W), float64(v.H)
	s.tree = s.tree[:0]
	for _, e := range edges {
		a, b := v.ToScreen(e.A), v.ToScreen(e.B)
		if math.Max(a.X, b.X) < 0 || math.Min(a.X, b.X) > w || math.Max(a.Y, b.Y) < 0 || math.Min(a.Y, b.Y) > h {
			continue
		}
		d := b.Sub(a)
		n := d.Len()
		if !(n > 0) {
			continue
		}
		off := pixel.V(-d.Y/n*treeWidth/2, d.X/n*treeWidth/2)
		p := [4]pixel.Vec{a.Add(off), a.Sub(off), b.Sub(off), b.Add(off)}
		for _, k := range [6]int{0, 1, 2, 0, 2, 3} {
			s.tree = append(s.tree, vertex{Position: p[k], Color: col})
		}
	}
	if len(s.tree) == 0 {
		return
	}
	s.treeDraw.Dirty()
	s.treeDraw.Draw(t)
}

// vertex is an element of pixel.TrianglesData.
type vertex = struct {
	Position  pixel.Vec
	Color     pixel.RGBA
	Picture   pixel.Vec
	Intensity float64
	ClipRect  pixel.Rect
	IsClipped bool
}

func (s *Scene) zones(f *Frame, v View) {
	imd, pal := s.imd, s.Palette
	for _, c := range f.KeepOutCircles {
		p, r := v.ToScreen(c.Center), c.Radius*v.Scale
		imd.Color, imd.Precision = s.col(pal.KeepOutFill), circlePrecision(r)
		imd.Push(p)
		imd.Circle(r, 0)
		imd.Color = s.col(pal.KeepOut)
		imd.Push(p)
		imd.Circle(r, zoneWidth)
	}
	for _, poly := range f.KeepOutPolygons {
		s.fillPolygon(poly, v, pal.KeepOutFill)
		s.closedLine(poly, v, pal.KeepOut, zoneWidth)
	}
	s.closedLine(f.Bounds, v, pal.Bounds, boundsWidth)
}

// circlePrecision is enough segments for a circle of radius r pixels to look
// round, and no more.
func circlePrecision(r float64) int {
	return int(math.Min(128, math.Max(12, math.Ceil(2*math.Pi*math.Sqrt(math.Max(r, 0))))))
}

func (s *Scene) polyline(pts []r2.Vec, v View, col pixel.RGBA, width float64) {
	if len(pts) < 2 {
		return
	}
	s.imd.Color = s.col(col)
	for _, p := range pts {
		s.imd.Push(v.ToScreen(p))
	}
	s.imd.Line(width)
}

func (s *Scene) closedLine(poly []r2.Vec, v View, col pixel.RGBA, width float64) {
	if len(poly) < 2 {
		return
	}
	s.imd.Color = s.col(col)
	for _, p := range poly {
		s.imd.Push(v.ToScreen(p))
	}
	s.imd.Polygon(width)
}

// fillPolygon fills a simple polygon, concave or not: imdraw fills a polygon
// as a fan, which is right only for convex ones, so this clips ears and
// pushes each one as a triangle.
func (s *Scene) fillPolygon(poly geom.Polygon, v View, col pixel.RGBA) {
	n := len(poly)
	if n < 3 {
		return
	}
	s.imd.Color = s.col(col)
	idx := s.ears[:0]
	for i := range n {
		idx = append(idx, i)
	}
	// Orientation, so that a convex vertex has a positive turn.
	sign := 1.0
	if polygonArea(poly) < 0 {
		sign = -1
	}
	for guard := 0; len(idx) > 3 && guard < n*n; guard++ {
		clipped := false
		for k := range idx {
			a, b, c := poly[idx[(k+len(idx)-1)%len(idx)]], poly[idx[k]], poly[idx[(k+1)%len(idx)]]
			if sign*cross(a, b, c) <= 0 || anyInside(poly, idx, a, b, c) {
				continue
			}
			s.imd.Push(v.ToScreen(a), v.ToScreen(b), v.ToScreen(c))
			s.imd.Polygon(0)
			idx = append(idx[:k], idx[k+1:]...)
			clipped = true
			break
		}
		if !clipped {
			break // not simple: draw what is left as a fan
		}
	}
	for _, k := range idx {
		s.imd.Push(v.ToScreen(poly[k]))
	}
	s.imd.Polygon(0)
	s.ears = idx
}

func cross(a, b, c r2.Vec) float64 { return (b.X-a.X)*(c.Y-a.Y) - (b.Y-a.Y)*(c.X-a.X) }

func polygonArea(p geom.Polygon) float64 {
	var a float64
	for i := range p {
		q, r := p[i], p[(i+1)%len(p)]
		a += q.X*r.Y - r.X*q.Y
	}
	return a / 2
}

// anyInside reports whether a remaining vertex other than a, b, c lies in
// the triangle abc (boundary included), which makes b no ear.
func anyInside(poly geom.Polygon, idx []int, a, b, c r2.Vec) bool {
	d := cross(a, b, c)
	for _, k := range idx {
		p := poly[k]
		if p == a || p == b || p == c {
			continue
		}
		u, w, x := cross(a, b, p), cross(b, c, p), cross(c, a, p)
		if d < 0 {
			u, w, x = -u, -w, -x
		}
		if u >= 0 && w >= 0 && x >= 0 {
			return true
		}
	}
	return false
}

func (s *Scene) targets(f *Frame, v View) {
	imd, pal := s.imd, s.Palette
	imd.Precision = circlePrecision(targetRadius)
	for _, tg := range f.Targets {
		p := v.ToScreen(tg.Pos)
		if tg.Found {
			imd.Color = s.col(pal.Found)
			imd.Push(p)
			imd.Circle(targetRadius+1, 0)
			continue
		}
		imd.Color = s.col(pal.Target)
		imd.Push(p)
		imd.Circle(targetRadius, 1.5)
	}
	imd.Color = s.col(pal.FalseDetect)
	for _, q := range f.FalseDetections {
		p := v.ToScreen(q)
		imd.Push(p.Add(pixel.V(-crossHalf, -crossHalf)), p.Add(pixel.V(crossHalf, crossHalf)))
		imd.Line(2)
		imd.Push(p.Add(pixel.V(-crossHalf, crossHalf)), p.Add(pixel.V(crossHalf, -crossHalf)))
		imd.Line(2)
	}
}

// vehicle draws the camera footprint and, over it, the vehicle as an arrow
// head pointing along its heading whose centroid is the vehicle's position.
func (s *Scene) vehicle(f *Frame, v View) {
	imd, pal := s.imd, s.Palette
	if len(f.Footprint) >= 3 {
		imd.Color = s.col(pal.FootprintFill)
		for _, p := range f.Footprint {
			imd.Push(v.ToScreen(p))
		}
		imd.Polygon(0)
		s.closedLine(f.Footprint, v, pal.Footprint, 1.5)
	}
	if !f.HasVehicle {
		return
	}
	c := v.ToScreen(r2.Vec{X: f.Vehicle.X, Y: f.Vehicle.Y})
	fwd := pixel.V(math.Cos(f.Vehicle.Heading), math.Sin(f.Vehicle.Heading))
	side := fwd.Normal()
	// The centroid of nose, left and right is c.
	nose := c.Add(fwd.Scaled(vehicleLen * 2 / 3))
	tail := c.Sub(fwd.Scaled(vehicleLen / 3))
	left, right := tail.Add(side.Scaled(vehicleWidth/2)), tail.Sub(side.Scaled(vehicleWidth/2))
	imd.Color = s.col(pal.Vehicle)
	imd.Push(nose, left, right)
	imd.Polygon(0)
	imd.Color = s.col(pal.VehicleEdge)
	imd.Push(nose, left, right)
	imd.Polygon(1)
}

// hud writes the numbers at the top left, over a translucent panel.
func (s *Scene) hud(f *Frame, v View) {
	txt := s.txt
	txt.Color = s.col(s.Palette.Text)
	top := float64(v.H) - hudMargin - hudPad
	txt.Orig = pixel.V(hudMargin+hudPad, math.Round(top-atlas.Ascent()))
	txt.Dot = txt.Orig
	h := f.HUD
	if s.Status != "" {
		s.writeLine(append(s.line[:0], s.Status...))
	}
	b := append(s.line[:0], "t "...)
	b = strconv.AppendFloat(b, f.T, 'f', 1, 64)
	s.writeLine(append(b, " s"...))
	b = appendNumber(append(s.line[:0], "budget left "...), 100*h.BudgetLeft, 0)
	s.writeLine(append(b, " %"...))
	b = appendNumber(append(s.line[:0], "entropy "...), h.Entropy, 1)
	s.writeLine(append(b, " bits"...))
	s.writeLine(appendNumber(append(s.line[:0], "reward "...), h.Reward, 2))
	s.writeLine(appendNumber(append(s.line[:0], "samples/s "...), h.SamplesPerSec, 0))
	b = strconv.AppendInt(append(s.line[:0], "tree "...), int64(h.TreeSize), 10)
	s.writeLine(append(b, " nodes"...))
	if h.TargetsTotal > 0 {
		b = strconv.AppendInt(append(s.line[:0], "found "...), int64(h.TargetsFound), 10)
		b = strconv.AppendInt(append(b, '/'), int64(h.TargetsTotal), 10)
		b = strconv.AppendInt(append(b, ", false "...), int64(h.FalseDetects), 10)
		s.writeLine(b)
	}
	r := txt.Bounds()
	if r.W() == 0 {
		return
	}
	panel := pixel.R(hudMargin, math.Floor(r.Min.Y-hudPad), math.Ceil(r.Max.X+hudPad), top+hudPad)
	s.imd.Color = s.col(s.Palette.Panel)
	s.imd.Push(panel.Min, panel.Max)
	s.imd.Rectangle(0)
}

func (s *Scene) writeLine(b []byte) {
	s.line = b
	_, _ = s.txt.Write(b)
	_, _ = s.txt.Write(newline)
}

var newline = []byte{'\n'}

// appendNumber appends x with prec decimals, or "-" when it is unknown.
func appendNumber(b []byte, x float64, prec int) []byte {
	if math.IsNaN(x) {
		return append(b, '-')
	}
	return strconv.AppendFloat(b, x, 'f', prec, 64)
}

// legend draws the colour bar at the bottom right, labelled with its ends.
func (s *Scene) legend(t pixel.Target, v View) {
	x1 := float64(v.W) - hudMargin - 3*7
	x0 := x1 - legendWidth
	y0 := float64(hudMargin + 16)
	y1 := y0 + legendHeight
	s.legendPic.draw(t, legendPicture, 1, pixel.V(x0, y0), pixel.V(x1, y1))
	s.imd.Color = s.col(s.Palette.Bounds)
	s.imd.Push(pixel.V(x0, y0), pixel.V(x1, y1))
	s.imd.Rectangle(1)
	if s.Layers&LayerHUD == 0 {
		return
	}
	txt := s.txt
	txt.Dot = pixel.V(x1+4, math.Round(y1-atlas.Ascent()/2))
	_, _ = txt.WriteString("1")
	txt.Dot = pixel.V(x1+4, math.Round(y0-atlas.Ascent()/2))
	_, _ = txt.WriteString("0")
	title := "P"
	if s.Heatmap == Entropy {
		title = "H bit"
	}
	txt.Dot = pixel.V(math.Round(x1-float64(len(title))*7), y1+6)
	_, _ = txt.WriteString(title)
}

// legendPicture is the colour map as a one-texel-wide picture, low values
// at the bottom.
var legendPicture = func() *pixel.PictureData {
	pd := pixel.MakePictureData(pixel.R(0, 0, 1, colormapSteps))
	for i, c := range colormap {
		pd.Pix[i*pd.Stride] = c
	}
	return pd
}()

// pictureQuad draws a picture stretched over a screen rectangle, keeping
// what the target made of the quad and of the picture for the next frame.
type pictureQuad struct {
	quad    pixel.TrianglesData
	target  pixel.Target
	tris    pixel.TargetTriangles
	pic     pixel.TargetPicture
	version uint64
}

// draw draws pd over the rectangle [a, b] (screen corners). version tells
// whether pd's pixels changed since the last draw: a target's picture is a
// copy, made again only then.
func (q *pictureQuad) draw(t pixel.Target, pd *pixel.PictureData, version uint64, a, b pixel.Vec) {
	if q.quad == nil {
		q.quad = *pixel.MakeTrianglesData(6)
	}
	pw, ph := pd.Rect.W(), pd.Rect.H()
	corners := [6][2]pixel.Vec{
		{a, pixel.V(0, 0)}, {pixel.V(b.X, a.Y), pixel.V(pw, 0)}, {b, pixel.V(pw, ph)},
		{a, pixel.V(0, 0)}, {b, pixel.V(pw, ph)}, {pixel.V(a.X, b.Y), pixel.V(0, ph)},
	}
	for i, c := range corners {
		d := &q.quad[i]
		d.Position, d.Picture, d.Intensity, d.Color = c[0], c[1].Add(pd.Rect.Min), 1, pixel.Alpha(1)
	}
	if t != q.target || q.tris == nil {
		q.target, q.tris, q.pic = t, t.MakeTriangles(&q.quad), nil
	} else {
		q.tris.Update(&q.quad)
	}
	if q.pic == nil || q.version != version {
		q.pic, q.version = t.MakePicture(pd), version
	}
	q.pic.Draw(q.tris)
}

// col returns c as a color.Color, boxed once: imdraw takes its colour as an
// interface, and boxing a pixel.RGBA on every shape would allocate.
func (s *Scene) col(c pixel.RGBA) color.Color {
	if b, ok := s.boxed[c]; ok {
		return b
	}
	if s.boxed == nil {
		s.boxed = make(map[pixel.RGBA]color.Color)
	}
	b := color.Color(c)
	s.boxed[c] = b
	return b
}

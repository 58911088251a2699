package belief

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/geom"
)

// NewGrid builds the initial belief of model §3.2–3.3 from the map section
// (after defaults) and the priors.
//
// Every cell starts at the default probability, priority 1 and sensor model 0;
// cells not fully inside the bounds (all 4 corners; for a concave polygon a
// corner on the boundary is outside) get probability 0. The priors then apply
// in order, each overwriting probability, priority and sensor model of the
// cells it covers (see Prior). A prior that covers no cell is an error: it is
// almost always a typo in a coordinate.
func NewGrid(m MapConfig, priors []Prior) (*Grid, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	for k, p := range priors {
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("priors[%d].%w", k, err)
		}
	}
	m = m.WithDefaults()
	rows, cols, x0, y0 := m.extent()
	g := &Grid{
		XStart: x0, YStart: y0, Res: m.Resolution,
		Rows: int(rows), Cols: int(cols),
		Bounds: geom.PolygonOf(m.Bounds),
	}
	n := g.Len()
	g.Prob, g.Priority, g.Model = make([]float64, n), make([]float64, n), make([]uint8, n)
	g.initBounds(*m.DefaultProbability)
	for k, p := range priors {
		if g.applyPrior(p) == 0 {
			return nil, fmt.Errorf("priors[%d]: covers no cell of the map grid (x %v..%v, y %v..%v)", k,
				g.XStart, g.XStart+float64(g.Rows)*g.Res, g.YStart, g.YStart+float64(g.Cols)*g.Res)
		}
	}
	return g, nil
}

// corners tests the points of the cell-corner lattice against a polygon with
// the reference's rule: the inclusive side-sign test for a convex polygon, the
// strict interior for a concave one (model §3.3).
type corners struct {
	poly   geom.Polygon
	convex bool
}

func newCorners(poly geom.Polygon) corners { return corners{poly: poly, convex: isConvex(poly)} }

func (c corners) in(p r2.Vec) bool {
	if c.convex {
		return convexContains(c.poly, p)
	}
	return c.poly.Contains(p)
}

// isConvex reports whether poly turns the same way at every vertex (collinear
// vertices allowed).
func isConvex(poly []r2.Vec) bool {
	var pos, neg bool
	n := len(poly)
	for k := range n {
		a, b, c := poly[k], poly[(k+1)%n], poly[(k+2)%n]
		s := r2.Cross(r2.Sub(b, a), r2.Sub(c, b))
		pos = pos || s > 0
		neg = neg || s < 0
	}
	return !(pos && neg)
}

// initBounds fills the layers: p0 where all 4 corners are inside the bounds,
// 0 elsewhere. Corners are shared by neighbouring cells, so each lattice point
// is tested once, keeping two lattice rows.
func (g *Grid) initBounds(p0 float64) {
	c := newCorners(g.Bounds)
	lo, hi := make([]bool, g.Cols+1), make([]bool, g.Cols+1)
	row := func(dst []bool, i int) {
		for j := range dst {
			dst[j] = c.in(g.Corner(i, j))
		}
	}
	row(lo, 0)
	for i := range g.Rows {
		row(hi, i+1)
		for j := range g.Cols {
			k := g.Index(i, j)
			g.Priority[k] = DefaultPriority
			if lo[j] && lo[j+1] && hi[j] && hi[j+1] {
				g.Prob[k] = p0
			}
		}
		lo, hi = hi, lo
	}
}

// applyPrior writes p into the cells it covers and returns how many it wrote.
func (g *Grid) applyPrior(p Prior) int {
	prob, priority, model := p.values()
	n := 0
	set := func(i, j int, v float64) {
		k := g.Index(i, j)
		g.Prob[k], g.Priority[k], g.Model[k] = v, priority, model
		n++
	}
	switch {
	case p.Polygon != nil:
		poly := geom.PolygonOf(p.Polygon)
		c := newCorners(poly)
		i0, j0, i1, j1, ok := g.CoverBox(poly)
		if !ok {
			return 0
		}
		for i := i0; i <= i1; i++ {
			for j := j0; j <= j1; j++ {
				if c.in(g.Corner(i, j)) || c.in(g.Corner(i+1, j)) || c.in(g.Corner(i, j+1)) || c.in(g.Corner(i+1, j+1)) {
					set(i, j, prob)
				}
			}
		}
	case p.Line != nil:
		for k := 1; k < len(p.Line); k++ {
			g.traverse(p.Line[k-1].Vec(), p.Line[k].Vec(), func(i, j int) { set(i, j, prob) })
		}
	case p.Point != nil:
		if i, j, ok := g.CellOf(p.Point.Vec()); ok {
			set(i, j, prob)
		}
	default:
		bl := p.Gaussian
		// peak·exp(−d²/2σ²) ≥ floor·peak  ⇔  d ≤ σ·sqrt(2·ln(1/floor)).
		reach := bl.Sigma * math.Sqrt(2*math.Log(1/gaussianFloor))
		c := bl.Center.Vec()
		box := []r2.Vec{{X: c.X - reach, Y: c.Y - reach}, {X: c.X + reach, Y: c.Y + reach}}
		i0, j0, i1, j1, ok := g.CoverBox(box)
		if !ok {
			return 0
		}
		for i := i0; i <= i1; i++ {
			for j := j0; j <= j1; j++ {
				v := math.Exp(-r2.Norm2(r2.Sub(g.Center(i, j), c)) / (2 * bl.Sigma * bl.Sigma))
				if v >= gaussianFloor {
					set(i, j, bl.Peak*v)
				}
			}
		}
	}
	return n
}

// traverse calls visit for every cell of the grid the segment ab passes
// through, in order from a (Amanatides–Woo, in cell units relative to the grid
// origin). A segment through a lattice point steps diagonally, so cells it
// only touches at a corner are not visited; a segment along a cell edge visits
// the cells on its +x/+y side.
func (g *Grid) traverse(a, b r2.Vec, visit func(i, j int)) {
	u0, v0 := (a.X-g.XStart)/g.Res, (a.Y-g.YStart)/g.Res
	u1, v1 := (b.X-g.XStart)/g.Res, (b.Y-g.YStart)/g.Res
	du, dv := u1-u0, v1-v0
	// Clip to the grid (Liang–Barsky) so that a long segment outside costs nothing.
	t0, t1 := 0.0, 1.0
	for _, e := range [4][2]float64{{-du, u0}, {du, float64(g.Rows) - u0}, {-dv, v0}, {dv, float64(g.Cols) - v0}} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return
			}
			continue
		}
		r := q / p
		if p < 0 {
			t0 = math.Max(t0, r)
		} else {
			t1 = math.Min(t1, r)
		}
	}
	if t0 > t1 {
		return
	}
	i := min(max(startCell(u0+t0*du, du), 0), g.Rows-1)
	j := min(max(startCell(v0+t0*dv, dv), 0), g.Cols-1)
	// Parameters t run along the whole segment, a at 0 and b at 1; the walk
	// ends at the clipped end t1.
	si, tMaxU, tDeltaU := axisStep(u0, du, i)
	sj, tMaxV, tDeltaV := axisStep(v0, dv, j)
	for {
		visit(i, j)
		next := math.Min(tMaxU, tMaxV)
		if !(next < t1) {
			return
		}
		if tMaxU == next {
			i += si
			tMaxU += tDeltaU
		}
		if tMaxV == next {
			j += sj
			tMaxV += tDeltaV
		}
		if i < 0 || i >= g.Rows || j < 0 || j >= g.Cols {
			return
		}
	}
}

// startCell is the cell index of coordinate u (in cells) for a walk in
// direction du: on a cell edge, the cell the walk moves into.
func startCell(u, du float64) int {
	if du < 0 {
		return int(math.Ceil(u)) - 1
	}
	return int(math.Floor(u))
}

// axisStep is the Amanatides–Woo set-up along one axis for a walk from u0 with
// direction du, now in cell i: the index step, the parameter t at which the
// walk crosses the next cell edge and the t between two edges.
func axisStep(u0, du float64, i int) (step int, tMax, tDelta float64) {
	switch {
	case du > 0:
		return 1, (float64(i+1) - u0) / du, 1 / du
	case du < 0:
		return -1, (float64(i) - u0) / du, -1 / du
	}
	return 0, math.Inf(1), math.Inf(1)
}

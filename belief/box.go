package belief

import (
	"math"

	"gonum.org/v1/gonum/spatial/r2"
)

// FootprintBox returns the cells (i0..i1, j0..j1, inclusive) of the bounding
// box of poly, converted to cell indices by truncation toward zero as the
// reference's vertex and edge rewards do (model §10 item 21), and clamped to
// the grid. ok is false when poly is empty or its box misses the grid.
//
// Truncation, not floor, means a box edge at -0.5 cells maps to cell 0 and one
// at 8.5 to cell 8: the box may miss a partly covered cell, never one that is
// fully covered, which is all the rewards count.
func (g *Grid) FootprintBox(poly []r2.Vec) (i0, j0, i1, j1 int, ok bool) {
	return g.box(poly, truncate, truncate)
}

// CoverBox is FootprintBox with floor and ceiling instead of truncation: the
// box holds every cell poly may touch (the polygon priors use it, model §3.3).
func (g *Grid) CoverBox(poly []r2.Vec) (i0, j0, i1, j1 int, ok bool) {
	return g.box(poly, math.Floor, math.Ceil)
}

func truncate(v float64) float64 { return math.Trunc(v) }

func (g *Grid) box(poly []r2.Vec, lo, hi func(float64) float64) (i0, j0, i1, j1 int, ok bool) {
	if len(poly) == 0 || g.Rows == 0 || g.Cols == 0 {
		return 0, 0, 0, 0, false
	}
	b := r2.Box{Min: poly[0], Max: poly[0]}
	for _, v := range poly[1:] {
		b.Min.X, b.Min.Y = math.Min(b.Min.X, v.X), math.Min(b.Min.Y, v.Y)
		b.Max.X, b.Max.Y = math.Max(b.Max.X, v.X), math.Max(b.Max.Y, v.Y)
	}
	x0, y0 := (b.Min.X-g.XStart)/g.Res, (b.Min.Y-g.YStart)/g.Res
	x1, y1 := (b.Max.X-g.XStart)/g.Res, (b.Max.Y-g.YStart)/g.Res
	if !(x1 >= 0 && y1 >= 0 && x0 <= float64(g.Rows) && y0 <= float64(g.Cols)) {
		return 0, 0, 0, 0, false
	}
	i0, i1 = clampIndex(lo(x0), g.Rows), clampIndex(hi(x1), g.Rows)
	j0, j1 = clampIndex(lo(y0), g.Cols), clampIndex(hi(y1), g.Cols)
	return i0, j0, i1, j1, true
}

func clampIndex(v float64, n int) int {
	switch {
	case !(v > 0):
		return 0
	case v >= float64(n-1):
		return n - 1
	}
	return int(v)
}

// CellInConvex reports whether all 4 corners of cell (i,j) are inside the
// convex polygon poly (boundary inclusive, side-sign test of the reference —
// fast, no allocation).
func (g *Grid) CellInConvex(poly []r2.Vec, i, j int) bool {
	x0, y0 := g.XStart+float64(i)*g.Res, g.YStart+float64(j)*g.Res
	x1, y1 := x0+g.Res, y0+g.Res
	var pos, neg bool
	n := len(poly)
	for k := range n {
		a, b := poly[k], poly[(k+1)%n]
		dx, dy := b.X-a.X, b.Y-a.Y
		// side(A→B, P) = (P.y−A.y)(B.x−A.x) − (P.x−A.x)(B.y−A.y), for the 4 corners.
		s00 := (y0-a.Y)*dx - (x0-a.X)*dy
		s10 := (y0-a.Y)*dx - (x1-a.X)*dy
		s01 := (y1-a.Y)*dx - (x0-a.X)*dy
		s11 := (y1-a.Y)*dx - (x1-a.X)*dy
		pos = pos || s00 > 0 || s10 > 0 || s01 > 0 || s11 > 0
		neg = neg || s00 < 0 || s10 < 0 || s01 < 0 || s11 < 0
		if pos && neg {
			return false
		}
	}
	return n >= 3
}

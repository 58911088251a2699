package reward

import (
	"math"

	"gonum.org/v1/gonum/spatial/r2"

	"github.com/tigris-uav/tigris/belief"
)

// cell is a grid cell by row (along x) and column (along y).
type cell struct{ i, j int32 }

// edgeTol is how far inside the polygon, in metres, a cell corner found by
// the row scan must be for covered to trust it without the exact test, and
// how far outside for covered to drop it without the test; far above the
// rounding of the side test at map coordinates.
const edgeTol = 1e-6

// covered appends to dst the cells fully inside the convex polygon poly (all 4
// corners, boundary inclusive): exactly the cells for which
// Grid.CellInConvex holds, row by row, without testing the whole bounding box.
// A cell is inside only if its lower and upper edges lie within the polygon's
// vertical extent on both of its row's vertical lines: cells inside that
// extent by edgeTol are inside for certain, cells outside it by edgeTol are
// outside for certain, and only a cell with an edge within edgeTol of it (a
// polygon side along a grid line) gets the exact test.
func covered(dst []cell, g *belief.Grid, poly []r2.Vec) []cell {
	var sw lineSweep
	return sw.covered(dst, g, poly)
}

// covered is the function covered with s as scratch.
func (s *lineSweep) covered(dst []cell, g *belief.Grid, poly []r2.Vec) []cell {
	if len(poly) < 3 {
		return dst
	}
	i0, j0, i1, j1, ok := g.FootprintBox(poly)
	if !ok {
		return dst
	}
	s.init(poly)
	// Row i's upper line is row i+1's lower one.
	lo1, hi1, ok1 := s.extent(g.XStart + float64(i0)*g.Res)
	for i := i0; i <= i1; i++ {
		lo0, hi0, ok0 := lo1, hi1, ok1
		lo1, hi1, ok1 = s.extent(g.XStart + float64(i+1)*g.Res)
		if !ok0 || !ok1 {
			continue
		}
		lo, hi := max(lo0, lo1), min(hi0, hi1)
		// Cells a..b−1 certainly fit; a cell below aOut or above bOut
		// certainly does not; the others (at most one at each end) get the
		// exact test.
		a := math.Ceil((lo + edgeTol - g.YStart) / g.Res)
		b := math.Floor((hi - edgeTol - g.YStart) / g.Res)
		aOut := math.Ceil((lo - edgeTol - g.YStart) / g.Res)
		bOut := math.Floor((hi+edgeTol-g.YStart)/g.Res) - 1
		ja, jb := j0, j1
		if aOut > float64(ja) {
			ja = int(aOut)
		}
		if bOut < float64(jb) {
			jb = int(bOut)
		}
		for j := ja; j <= jb; j++ {
			if sure := float64(j) >= a && float64(j) < b; sure || g.CellInConvex(poly, i, j) {
				dst = append(dst, cell{int32(i), int32(j)})
			}
		}
	}
	return dst
}

// lineSweep answers verticalExtent for one polygon at lines of increasing
// x, bit for bit, looking only at the edges that span the line: the edges
// sorted by their smaller x, and those of them whose larger x the lines have
// not passed yet. A polygon of at most 4 or more than maxSweepEdges edges
// falls back to verticalExtent.
type lineSweep struct {
	poly  []r2.Vec
	n     int // edges, 0 for the fallback
	next  int // edges[:next] have started
	edges [maxSweepEdges]sweepEdge
	live  [maxSweepEdges]int8 // started edges not yet passed, indices into edges
	nLive int
}

// sweepEdge is an edge with its end of smaller x first, as verticalExtent
// orders it.
type sweepEdge struct{ a, b r2.Vec }

// maxSweepEdges covers footprints (4 edges, a few more where the range
// circle clips them) and the hulls of two of them.
const maxSweepEdges = 24

func (s *lineSweep) init(poly []r2.Vec) {
	s.poly, s.next, s.nLive = poly, 0, 0
	n := len(poly)
	if n <= 4 || n > maxSweepEdges {
		// A footprint's few edges are as quick to scan at every line.
		s.n = 0
		return
	}
	s.n = n
	for k := range n {
		a, b := poly[k], poly[(k+1)%n]
		if a.X > b.X {
			a, b = b, a
		}
		// Insertion sort by smaller x: a handful of edges.
		m := k
		for ; m > 0 && s.edges[m-1].a.X > a.X; m-- {
			s.edges[m] = s.edges[m-1]
		}
		s.edges[m] = sweepEdge{a, b}
	}
}

// extent is verticalExtent(poly, x); x must not decrease from call to call.
func (s *lineSweep) extent(x float64) (lo, hi float64, ok bool) {
	if s.n == 0 {
		return verticalExtent(s.poly, x)
	}
	for s.next < s.n && s.edges[s.next].a.X <= x {
		s.live[s.nLive] = int8(s.next)
		s.nLive++
		s.next++
	}
	lo, hi = math.Inf(1), math.Inf(-1)
	kept := 0
	for _, k := range s.live[:s.nLive] {
		a, b := s.edges[k].a, s.edges[k].b
		if !(x <= b.X) {
			continue // passed: later lines lie further right
		}
		s.live[kept] = k
		kept++
		ya, yb := a.Y, b.Y
		if b.X != a.X {
			ya = a.Y + (x-a.X)*(b.Y-a.Y)/(b.X-a.X)
			yb = ya
		}
		lo, hi = min(lo, ya, yb), max(hi, ya, yb)
	}
	s.nLive = kept
	return lo, hi, lo <= hi
}

// verticalExtent is the range of y where the vertical line at x meets the
// convex polygon poly; ok is false when it misses it.
func verticalExtent(poly []r2.Vec, x float64) (lo, hi float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	n := len(poly)
	for k := range n {
		a, b := poly[k], poly[(k+1)%n]
		if a.X > b.X {
			a, b = b, a
		}
		if !(x >= a.X && x <= b.X) {
			continue
		}
		ya, yb := a.Y, b.Y
		if b.X != a.X {
			ya = a.Y + (x-a.X)*(b.Y-a.Y)/(b.X-a.X)
			yb = ya
		}
		lo, hi = min(lo, ya, yb), max(hi, ya, yb)
	}
	return lo, hi, lo <= hi
}

// memoBits is the log2 of the number of entries of the update memo.
const memoBits = 10

const memoSize = 1 << memoBits

// memo is a direct-mapped cache of belief.Update: the planner asks for the
// same few (probability, rates) triples again and again (a handful of prior
// levels, a few dozen table rates), and each miss costs four logarithms.
type memo [memoSize]struct{ p, tpr, tnr, post, gain float64 }

func newMemo() *memo {
	m := new(memo)
	for k := range m {
		m[k].p = math.NaN() // matches no probability
	}
	return m
}

// update is belief.Update(p, tpr, tnr), bit for bit.
func (m *memo) update(p, tpr, tnr float64) (post, gain float64) {
	h := (math.Float64bits(p)*0x9E3779B97F4A7C15 ^ math.Float64bits(tpr)*0xC2B2AE3D27D4EB4F) >> (64 - memoBits)
	c := &m[h]
	if c.p == p && c.tpr == tpr && c.tnr == tnr {
		return c.post, c.gain
	}
	post, gain = belief.Update(p, tpr, tnr)
	c.p, c.tpr, c.tnr, c.post, c.gain = p, tpr, tnr, post, gain
	return post, gain
}

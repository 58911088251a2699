package belief

import (
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
)

func square(x0, y0, x1, y1 float64) []r2.Vec {
	return []r2.Vec{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}}
}

// Model §9 item 3: the footprint bbox on a 10×10 grid of res 1 at the origin.
func TestFootprintBox(t *testing.T) {
	g := &Grid{Res: 1, Rows: 10, Cols: 10}
	cases := []struct {
		name        string
		poly        []r2.Vec
		trunc, flce [4]int // {minI, minJ, maxI, maxJ}
		ok          bool
	}{
		{"rectangle", square(-.5, -.5, 1.9, 3.5), [4]int{0, 0, 1, 3}, [4]int{0, 0, 2, 4}, true},
		{"unit square", square(0, 0, 1, 1), [4]int{0, 0, 1, 1}, [4]int{0, 0, 1, 1}, true},
		{"over the grid", square(-.5, -.5, 10.5, 10.5), [4]int{0, 0, 9, 9}, [4]int{0, 0, 9, 9}, true},
		{"to 9.5", square(-.5, -.5, 9.5, 9.5), [4]int{0, 0, 9, 9}, [4]int{0, 0, 9, 9}, true},
		{"to 8.5", square(-.5, -.5, 8.5, 8.5), [4]int{0, 0, 8, 8}, [4]int{0, 0, 9, 9}, true},
		{"single point", []r2.Vec{{X: 5, Y: 5}}, [4]int{5, 5, 5, 5}, [4]int{5, 5, 5, 5}, true},
		{"left of the grid", square(-5, 2, -1, 4), [4]int{}, [4]int{}, false},
		{"above the grid", square(2, 11, 4, 12), [4]int{}, [4]int{}, false},
		{"empty", nil, [4]int{}, [4]int{}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			i0, j0, i1, j1, ok := g.FootprintBox(c.poly)
			if got := [4]int{i0, j0, i1, j1}; ok != c.ok || (ok && got != c.trunc) {
				t.Errorf("FootprintBox = %v, %v; want %v, %v", got, ok, c.trunc, c.ok)
			}
			i0, j0, i1, j1, ok = g.CoverBox(c.poly)
			if got := [4]int{i0, j0, i1, j1}; ok != c.ok || (ok && got != c.flce) {
				t.Errorf("CoverBox = %v, %v; want %v, %v", got, ok, c.flce, c.ok)
			}
		})
	}
}

// Model §9 item 2: cell (0,0) of a res-10 grid at the origin against convex
// polygons; "all" is CellInConvex.
func TestCellInConvex(t *testing.T) {
	g := &Grid{Res: 10, Rows: 5, Cols: 5}
	cases := []struct {
		name string
		poly []r2.Vec
		all  bool
	}{
		{"overlaps one corner", square(5, 5, 20, 20), false},
		{"overlaps an edge", square(5, -5, 20, 20), false},
		{"pentagon, cut corner", []r2.Vec{{X: 1}, {X: 20}, {X: 20, Y: 20}, {Y: 20}, {Y: 1}}, false},
		{"covers", square(-5, -5, 20, 20), true},
		{"exactly the cell (boundary inclusive)", square(0, 0, 10, 10), true},
		{"clockwise", []r2.Vec{{X: -5, Y: -5}, {X: -5, Y: 20}, {X: 20, Y: 20}, {X: 20, Y: -5}}, true},
		{"degenerate", []r2.Vec{{X: -5, Y: -5}, {X: 20, Y: 20}}, false},
	}
	for _, c := range cases {
		if got := g.CellInConvex(c.poly, 0, 0); got != c.all {
			t.Errorf("%s: CellInConvex = %v, want %v", c.name, got, c.all)
		}
	}
}

func BenchmarkCellInConvex(b *testing.B) {
	g := &Grid{Res: 30, Rows: 166, Cols: 166}
	fp := fixedWingCamera.Footprint(nil, r3Vec(1000, 1000, 50), 0.3)
	i0, j0, i1, j1, _ := g.FootprintBox(fp)
	b.ReportAllocs()
	for b.Loop() {
		for i := i0; i <= i1; i++ {
			for j := j0; j <= j1; j++ {
				g.CellInConvex(fp, i, j)
			}
		}
	}
}

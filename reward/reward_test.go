package reward_test

import (
	"math"
	"testing"

	"github.com/tigris-uav/tigris/belief"
	"github.com/tigris-uav/tigris/geom"
	"github.com/tigris-uav/tigris/reward"
)

// Model §3.6: the fixed-wing camera at (1000, 1000, 50) over a uniform 0.5
// belief on a 30 m grid, vertex only.
func TestVertexFixedWing(t *testing.T) {
	tests := []struct {
		yaw   float64
		cells int
		want  float64
	}{
		{yaw: 0, cells: 12, want: 6.2793},
		{yaw: math.Pi / 4, cells: 10, want: 5.2482},
	}
	g := uniformGrid(3000, 30, 0.5)
	for _, tt := range tests {
		e := evaluator(t, g, fixedWingSensor(t), reward.Config{})
		var d reward.Delta
		got := e.Gain(nil, reward.Visit{Pose: pose(1000, 1000, 50, tt.yaw)}, &d)
		if d.Len() != tt.cells || math.Abs(got-tt.want) > 5e-5 {
			t.Errorf("yaw %v: %d cells, reward %.5f; want %d cells, %.4f", tt.yaw, d.Len(), got, tt.cells, tt.want)
		}
		for k := range d.Len() {
			if _, p := d.Cell(k); math.Abs(p-0.1) > 0.02 {
				t.Errorf("yaw %v: cell %d posterior %v, want ≈ 0.1", tt.yaw, k, p)
			}
		}
	}
}

// notchGrid is the map of model §9 item 4: x, y from −500 to 50000 in 10 m
// cells, 0.5 in every cell fully inside the concave search polygon, 0 in the
// others.
func notchGrid(t testing.TB) *belief.Grid {
	t.Helper()
	const res, lo, hi = 10.0, -500.0, 50000.0
	n := int((hi - lo) / res)
	g := &belief.Grid{
		XStart: lo, YStart: lo, Res: res, Rows: n, Cols: n,
		Prob: make([]float64, n*n), Priority: make([]float64, n*n), Model: make([]uint8, n*n),
	}
	g.Bounds = geom.Polygon{{X: -495, Y: -495}, {X: -495, Y: 49900}, {X: 49900, Y: 49900}, {X: 45900, Y: 25900}, {X: 49900, Y: -495}}
	// A corner is inside when it is strictly inside the polygon; compute each
	// corner once, a cell is inside when its 4 corners are.
	in := make([]bool, (n+1)*(n+1))
	for i := range n + 1 {
		for j := range n + 1 {
			in[i*(n+1)+j] = g.Bounds.Contains(g.Corner(i, j))
		}
	}
	for i := range n {
		for j := range n {
			k := g.Index(i, j)
			g.Priority[k] = 1
			if in[i*(n+1)+j] && in[(i+1)*(n+1)+j] && in[i*(n+1)+j+1] && in[(i+1)*(n+1)+j+1] {
				g.Prob[k] = 0.5
			}
		}
	}
	return g
}

// The 7-node chain of model §9 item 4 at 20 m over the notched 50 km map,
// each node's straight from its parent's position with its own heading.
func notchChain() []reward.Visit {
	ps := [][3]float64{
		{-5, -5, 0}, {49005, -5, 0}, {49005, 49005, math.Pi / 2}, {-5, 49005, math.Pi},
		{-5, 105, -math.Pi / 2}, {40005, 105, 0}, {40005, 48005, math.Pi / 2},
	}
	visits := []reward.Visit{{Pose: pose(ps[0][0], ps[0][1], 20, ps[0][2])}}
	for k := 1; k < len(ps); k++ {
		visits = append(visits, straightVisit(
			pose(ps[k-1][0], ps[k-1][1], 20, ps[k-1][2]),
			pose(ps[k][0], ps[k][1], 20, ps[k][2])))
	}
	return visits
}

func TestNotchChain(t *testing.T) {
	g := notchGrid(t)
	s := nadirSensor(t)
	totals := map[bool]float64{}
	for _, edge := range []bool{false, true} {
		e := evaluator(t, g, s, reward.Config{Edge: boolp(edge)})

		var d reward.Delta
		if got := e.Gain(nil, reward.Visit{Pose: pose(-1000, -1000, 10, 0)}, &d); got != 0 || d.Len() != 0 {
			t.Errorf("edge %v: node outside the map: reward %v, %d cells; want exactly 0", edge, got, d.Len())
		}

		visits := notchChain()
		got, deltas := chain(e, visits)
		want := e.Replay(visits)
		for n := range visits {
			if math.Abs(got[n]-want[n]) > 1e-9 {
				t.Errorf("edge %v: node %d: incremental %.12f, replay %.12f", edge, n, got[n], want[n])
			}
		}
		totals[edge] = got[len(got)-1]
		if !edge {
			cells := 0
			for _, d := range deltas {
				cells += d.Len()
			}
			if cells != 7 || math.Abs(totals[edge]-3.717) > 1e-3 {
				t.Errorf("vertex only: %d cells, total %.4f; want 7 cells, 3.717", cells, totals[edge])
			}
		}
	}
	if totals[true] < totals[false] {
		t.Errorf("total with edges %v < without %v", totals[true], totals[false])
	}
	if math.Abs(totals[true]-12994) > 10 {
		t.Errorf("total with edges %.2f, want 12994 ± 10", totals[true])
	}
	t.Logf("chain totals: with edges %.4f, vertex only %.4f", totals[true], totals[false])
}

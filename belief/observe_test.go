package belief

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
)

func fixedWingSensor(t testing.TB) *Sensor {
	t.Helper()
	s, err := NewSensor(DefaultSensorConfig(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func uniformGrid(t testing.TB, p float64) *Grid {
	t.Helper()
	return mustGrid(t, MapConfig{Resolution: 30, Bounds: pts(0, 0, 3000, 0, 3000, 3000, 0, 3000), DefaultProbability: &p})
}

// The fixed-wing sanity values of model §3.6: uniform 0.5 belief, 30 m grid,
// a vertex at (1000, 1000, 50): yaw 0 sees 12 cells worth 6.2793 bits, yaw
// π/4 sees 10 cells worth 5.2482.
func TestPseudoObserveFootprintReference(t *testing.T) {
	s := fixedWingSensor(t)
	cases := []struct {
		yaw   float64
		cells int
		gain  float64
	}{
		{0, 12, 6.2793},
		{math.Pi / 4, 10, 5.2482},
	}
	for _, c := range cases {
		g := uniformGrid(t, 0.5)
		pos := r3.Vec{X: 1000, Y: 1000, Z: 50}
		fp := s.Camera.Footprint(nil, pos, c.yaw)
		gain := g.PseudoObserveFootprint(s, pos, fp)
		changed := 0
		for _, p := range g.Prob {
			if p != 0.5 {
				changed++
			}
		}
		if changed != c.cells || math.Abs(gain-c.gain) > 1e-4 {
			t.Errorf("yaw %v: %d cells, gain %.4f; want %d, %.4f", c.yaw, changed, gain, c.cells, c.gain)
		}
	}
}

// The update follows each cell's own priority, sensor model and range.
func TestPseudoObserveFootprintCells(t *testing.T) {
	s := fixedWingSensor(t)
	g := uniformGrid(t, 0.6)
	pos := r3.Vec{X: 1000, Y: 1000, Z: 50}
	fp := s.Camera.Footprint(nil, pos, 0)
	g.Priority[g.Index(35, 33)] = 2
	g.Model[g.Index(35, 33)] = 2
	want := g.Clone()
	total := 0.0
	for i := range g.Rows {
		for j := range g.Cols {
			if !g.CellInConvex(fp, i, j) {
				continue
			}
			k := g.Index(i, j)
			c := g.Corner(i, j)
			tpr, tnr := s.Rates(g.Model[k], r3.Norm(r3.Sub(r3.Vec{X: c.X, Y: c.Y}, pos)))
			post, gain := Update(0.6, tpr, tnr)
			want.Prob[k] = post
			total += gain * g.Priority[k]
		}
	}
	if !g.CellInConvex(fp, 35, 33) {
		t.Fatal("test cell (35, 33) is not in the footprint")
	}
	got := g.PseudoObserveFootprint(s, pos, fp)
	if math.Abs(got-total) > 1e-12 {
		t.Errorf("gain %v, want %v", got, total)
	}
	for k := range g.Prob {
		if g.Prob[k] != want.Prob[k] {
			t.Fatalf("cell %d = %v, want %v", k, g.Prob[k], want.Prob[k])
		}
	}
}

func TestObserveFootprint(t *testing.T) {
	s := fixedWingSensor(t)
	pos := r3.Vec{X: 1000, Y: 1000, Z: 50}
	fp := s.Camera.Footprint(nil, pos, 0)
	hit := func(i, j int) bool { return i == 35 && j == 33 }

	g := uniformGrid(t, 0.2)
	removed := g.ObserveFootprint(s, pos, fp, hit)
	seen, mass := 0, 0.0
	for i := range g.Rows {
		for j := range g.Cols {
			k := g.Index(i, j)
			p := g.Prob[k]
			mass += 0.2 - p
			switch {
			case hit(i, j):
				if p <= 0.2 {
					t.Errorf("detected cell dropped to %v", p)
				}
			case g.CellInConvex(fp, i, j):
				seen++
				c := g.Corner(i, j)
				tpr, tnr := s.Rates(0, r3.Norm(r3.Sub(r3.Vec{X: c.X, Y: c.Y}, pos)))
				if want := Observe(0.2, tpr, tnr, false); p != want {
					t.Errorf("cell (%d,%d) = %v, want %v", i, j, p, want)
				}
			case p != 0.2:
				t.Errorf("unseen cell (%d,%d) changed to %v", i, j, p)
			}
		}
	}
	if seen != 11 || math.Abs(removed-mass) > 1e-12 {
		t.Errorf("%d missed cells, removed %v; want 11, %v", seen, removed, mass)
	}

	// nil detected: all misses; a footprint off the grid changes nothing.
	g = uniformGrid(t, 0.2)
	if r := g.ObserveFootprint(s, pos, fp, nil); r <= 0 {
		t.Errorf("misses removed %v, want > 0", r)
	}
	g = uniformGrid(t, 0.2)
	far := r3.Vec{X: -5000, Y: -5000, Z: 50}
	if r := g.ObserveFootprint(s, far, s.Camera.Footprint(nil, far, 0), nil); r != 0 {
		t.Errorf("footprint off the grid removed %v", r)
	}
}

func BenchmarkObserveFootprint(b *testing.B) {
	s := fixedWingSensor(b)
	g := uniformGrid(b, 0.5)
	cases := []struct {
		name string
		z    float64
	}{{"z=50", 50}, {"z=110", 110}}
	for _, c := range cases {
		pos := r3.Vec{X: 1500, Y: 1500, Z: c.z}
		fp := s.Camera.Footprint(make([]r2.Vec, 0, 8), pos, 0.3)
		b.Run("real/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g.ObserveFootprint(s, pos, fp, nil)
			}
		})
		b.Run("pseudo/"+c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				g.PseudoObserveFootprint(s, pos, fp)
			}
		})
	}
}

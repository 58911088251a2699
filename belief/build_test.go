package belief

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/tigris-uav/tigris/geom"
)

func pts(xy ...float64) []geom.Point {
	out := make([]geom.Point, len(xy)/2)
	for k := range out {
		out[k] = geom.Point{X: xy[2*k], Y: xy[2*k+1]}
	}
	return out
}

func ptr[T any](v T) *T { return &v }

func mustGrid(t testing.TB, m MapConfig, priors ...Prior) *Grid {
	t.Helper()
	g, err := NewGrid(m, priors)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

// The L-shaped test area: 300 m square with the upper-right quarter cut out.
var lShape = pts(0, 0, 300, 0, 300, 150, 150, 150, 150, 300, 0, 300)

func TestGridExtent(t *testing.T) {
	cases := []struct {
		name           string
		m              MapConfig
		rows, cols     int
		xStart, yStart float64
	}{
		{"5 km square at 30 m", MapConfig{Resolution: 30, Bounds: pts(0, 0, 5000, 0, 5000, 5000, 0, 5000)}, 166, 166, 0, 0},
		{"default resolution", MapConfig{Bounds: pts(0, 0, 5000, 0, 5000, 5000, 0, 5000)}, 166, 166, 0, 0},
		// The reference's Hawkins field: vertices truncate toward zero.
		{"negative, non-integer", MapConfig{Resolution: 10, Bounds: pts(-413.6, -483.2, 355.9, -483.2, 355.9, 181.7, -413.6, 181.7)}, 76, 66, -413, -483},
		{"partial row dropped", MapConfig{Resolution: 30, Bounds: pts(10, 20, 79.9, 20, 79.9, 119, 10, 119)}, 2, 3, 10, 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := mustGrid(t, c.m)
			if g.Rows != c.rows || g.Cols != c.cols || g.XStart != c.xStart || g.YStart != c.yStart {
				t.Errorf("grid %d×%d at (%v, %v), want %d×%d at (%v, %v)", g.Rows, g.Cols, g.XStart, g.YStart, c.rows, c.cols, c.xStart, c.yStart)
			}
			if len(g.Prob) != g.Len() || len(g.Priority) != g.Len() || len(g.Model) != g.Len() {
				t.Errorf("layer lengths %d/%d/%d, want %d", len(g.Prob), len(g.Priority), len(g.Model), g.Len())
			}
		})
	}
}

func TestGridBounds(t *testing.T) {
	t.Run("convex: boundary corners inside, every cell set", func(t *testing.T) {
		g := mustGrid(t, MapConfig{Bounds: pts(0, 0, 300, 0, 300, 300, 0, 300)})
		for k, p := range g.Prob {
			if p != DefaultProbability || g.Priority[k] != 1 || g.Model[k] != 0 {
				t.Fatalf("cell %d: p %v priority %v model %v, want %v, 1, 0", k, p, g.Priority[k], g.Model[k], DefaultProbability)
			}
		}
	})
	t.Run("concave: strict interior, notch and rim zeroed", func(t *testing.T) {
		g := mustGrid(t, MapConfig{Bounds: lShape, DefaultProbability: ptr(0.2)})
		cases := []struct {
			i, j int
			want float64
		}{
			{0, 0, 0},   // a corner on the outer boundary
			{1, 1, 0.2}, // interior
			{3, 3, 0.2},
			{4, 4, 0}, // touches the notch's vertex
			{6, 6, 0}, // in the notch
			{8, 2, 0.2},
			{9, 2, 0}, // on the right edge
			{2, 8, 0.2},
			{4, 6, 0}, // touches the notch's edge x = 150
		}
		for _, c := range cases {
			if got := g.Prob[g.Index(c.i, c.j)]; got != c.want {
				t.Errorf("cell (%d,%d) = %v, want %v", c.i, c.j, got, c.want)
			}
		}
		if n := countNonZero(g); n != 39 {
			t.Errorf("%d cells inside, want 39", n)
		}
	})
}

func countNonZero(g *Grid) int {
	n := 0
	for _, p := range g.Prob {
		if p != 0 {
			n++
		}
	}
	return n
}

func TestPolygonPrior(t *testing.T) {
	m := MapConfig{Bounds: lShape}
	// Any corner inside counts, so the prior re-enables cells that the bounds
	// zeroed (the reference's quirk, model §3.3).
	g := mustGrid(t, m, Prior{Polygon: pts(140, 140, 400, 140, 400, 400, 140, 400), Probability: ptr(0.3), Priority: ptr(1.3), SensorModel: ptr(2)})
	cases := []struct {
		i, j  int
		p, pr float64
		model uint8
	}{
		{6, 6, 0.3, 1.3, 2}, // in the notch, outside the bounds
		{4, 4, 0.3, 1.3, 2}, // only its corner (150,150) is inside the prior
		{9, 9, 0.3, 1.3, 2},
		{3, 3, DefaultProbability, 1, 0}, // no corner inside
		{4, 3, DefaultProbability, 1, 0}, // corners up to (150,120): none inside
	}
	for _, c := range cases {
		k := g.Index(c.i, c.j)
		if g.Prob[k] != c.p || g.Priority[k] != c.pr || g.Model[k] != c.model {
			t.Errorf("cell (%d,%d) = (%v, %v, %d), want (%v, %v, %d)", c.i, c.j, g.Prob[k], g.Priority[k], g.Model[k], c.p, c.pr, c.model)
		}
	}
	// Defaults: probability 0.5, priority 1, model 0; later priors overwrite.
	g = mustGrid(t, m,
		Prior{Polygon: pts(0, 0, 300, 0, 300, 300, 0, 300), Probability: ptr(0.9), Priority: ptr(3.0), SensorModel: ptr(1)},
		Prior{Polygon: pts(30, 30, 90, 30, 90, 90, 30, 90)})
	if k := g.Index(1, 1); g.Prob[k] != 0.5 || g.Priority[k] != 1 || g.Model[k] != 0 {
		t.Errorf("overwritten cell = (%v, %v, %d), want (0.5, 1, 0)", g.Prob[k], g.Priority[k], g.Model[k])
	}
	if k := g.Index(5, 5); g.Prob[k] != 0.9 || g.Priority[k] != 3 || g.Model[k] != 1 {
		t.Errorf("first prior's cell = (%v, %v, %d), want (0.9, 3, 1)", g.Prob[k], g.Priority[k], g.Model[k])
	}
}

func cellsOf(t *testing.T, g *Grid, p Prior) []string {
	t.Helper()
	before := g.Clone()
	if n := g.applyPrior(p); n == 0 {
		t.Fatal("prior covered no cell")
	}
	var out []string
	for i := range g.Rows {
		for j := range g.Cols {
			if k := g.Index(i, j); g.Prob[k] != before.Prob[k] {
				out = append(out, fmt.Sprintf("%d,%d", i, j))
			}
		}
	}
	sort.Strings(out)
	return out
}

func TestLinePrior(t *testing.T) {
	square := pts(0, 0, 300, 0, 300, 300, 0, 300)
	shifted := pts(7.5, 7.5, 307.5, 7.5, 307.5, 307.5, 7.5, 307.5) // truncates to a grid at (7, 7)
	cases := []struct {
		name   string
		bounds []geom.Point
		line   []geom.Point
		want   string
	}{
		{"along x", square, pts(15, 45, 135, 45), "0,1 1,1 2,1 3,1 4,1"},
		{"along x, backwards", square, pts(135, 45, 15, 45), "0,1 1,1 2,1 3,1 4,1"},
		{"along y", square, pts(75, 10, 75, 100), "2,0 2,1 2,2 2,3"},
		{"along a cell edge takes the +y side", square, pts(15, 60, 75, 60), "0,2 1,2 2,2"},
		{"diagonal", square, pts(15, 15, 105, 75), "0,0 1,0 1,1 2,1 2,2 3,2"},
		{"diagonal, backwards", square, pts(105, 75, 15, 15), "0,0 1,0 1,1 2,1 2,2 3,2"},
		{"through lattice points", square, pts(0, 0, 120, 120), "0,0 1,1 2,2 3,3"},
		{"relative to the grid origin", shifted, pts(22, 52, 142, 52), "0,1 1,1 2,1 3,1 4,1"},
		{"clipped to the grid", square, pts(-1000, 45, 1000, 45), "0,1 1,1 2,1 3,1 4,1 5,1 6,1 7,1 8,1 9,1"},
		{"polyline", square, pts(15, 15, 75, 15, 75, 75), "0,0 1,0 2,0 2,1 2,2"},
		{"a single point", square, pts(50, 50, 50, 50), "1,1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := mustGrid(t, MapConfig{Bounds: c.bounds})
			got := strings.Join(cellsOf(t, g, Prior{Line: c.line}), " ")
			want := strings.Fields(c.want)
			sort.Strings(want)
			if got != strings.Join(want, " ") {
				t.Errorf("cells %s, want %s", got, strings.Join(want, " "))
			}
		})
	}
}

func TestPointAndGaussianPriors(t *testing.T) {
	m := MapConfig{Bounds: pts(0, 0, 300, 0, 300, 300, 0, 300)}
	g := mustGrid(t, m, Prior{Point: &geom.Point{X: 50, Y: 80}, Probability: ptr(0.7)})
	if got := cellsOf(t, g.Clone(), Prior{Point: &geom.Point{X: 50, Y: 80}, Probability: ptr(0.1)}); fmt.Sprint(got) != "[1,2]" {
		t.Errorf("point prior cells %v, want [1,2]", got)
	}
	if p := g.Prob[g.Index(1, 2)]; p != 0.7 {
		t.Errorf("point cell = %v, want 0.7", p)
	}

	bl := Gaussian{Center: geom.Point{X: 150, Y: 150}, Sigma: 30, Peak: 0.4}
	g = mustGrid(t, m, Prior{Gaussian: &bl, Priority: ptr(2.0)})
	for i := range g.Rows {
		for j := range g.Cols {
			c := g.Center(i, j)
			v := math.Exp(-((c.X-150)*(c.X-150) + (c.Y-150)*(c.Y-150)) / (2 * 30 * 30))
			k := g.Index(i, j)
			want, wantPr := DefaultProbability, 1.0
			if v >= 0.01 {
				want, wantPr = 0.4*v, 2
			}
			if math.Abs(g.Prob[k]-want) > 1e-15 || g.Priority[k] != wantPr {
				t.Errorf("cell (%d,%d) = (%v, %v), want (%v, %v)", i, j, g.Prob[k], g.Priority[k], want, wantPr)
			}
		}
	}
	if p := g.Prob[g.Index(4, 4)]; math.Abs(p-0.4*math.Exp(-0.25)) > 1e-12 {
		t.Errorf("cell next to the centre = %v, want %v", p, 0.4*math.Exp(-0.25))
	}
}

func TestNewGridErrors(t *testing.T) {
	sq := pts(0, 0, 300, 0, 300, 300, 0, 300)
	cases := []struct {
		name   string
		m      MapConfig
		priors []Prior
		err    string
	}{
		{"no bounds", MapConfig{}, nil, "map.bounds: required"},
		{"negative resolution", MapConfig{Resolution: -3, Bounds: sq}, nil, "map.resolution: must be a whole number of metres > 0, got -3"},
		{"fractional resolution", MapConfig{Resolution: 2.5, Bounds: sq}, nil, "map.resolution"},
		{"NaN resolution", MapConfig{Resolution: math.NaN(), Bounds: sq}, nil, "map.resolution"},
		{"two vertices", MapConfig{Bounds: pts(0, 0, 300, 0)}, nil, "map.bounds: polygon needs at least 3 vertices"},
		{"bow tie", MapConfig{Bounds: pts(0, 0, 300, 300, 300, 0, 0, 300)}, nil, "map.bounds: polygon self-intersects"},
		{"smaller than a cell", MapConfig{Bounds: pts(0, 0, 20, 0, 20, 20)}, nil, "map.bounds: the area is smaller than one 30 m cell"},
		{"too many cells", MapConfig{Resolution: 1, Bounds: pts(0, 0, 1e5, 0, 1e5, 1e5)}, nil, "map.resolution: 100000×100000 cells"},
		{"default probability", MapConfig{Bounds: sq, DefaultProbability: ptr(1.5)}, nil, "map.default_probability: must be in [0, 1], got 1.5"},
		{"no shape", MapConfig{Bounds: sq}, []Prior{{Probability: ptr(0.5)}}, "priors[0].polygon: missing"},
		{"file not loaded", MapConfig{Bounds: sq}, []Prior{{File: "p.geojson"}}, "priors[0].file: shapes from a file need the mission loader to read them"},
		{"two shapes", MapConfig{Bounds: sq}, []Prior{{Polygon: sq, Point: &geom.Point{}}}, "priors[0].point: a prior has one shape and this one already has polygon"},
		{"prior polygon", MapConfig{Bounds: sq}, []Prior{{Line: sq}, {Polygon: pts(0, 0, 1, 1)}}, "priors[1].polygon: polygon needs at least 3 vertices"},
		{"self-intersecting prior", MapConfig{Bounds: sq}, []Prior{{Polygon: pts(0, 0, 300, 300, 300, 0, 0, 300)}}, "priors[0].polygon: polygon self-intersects"},
		{"short line", MapConfig{Bounds: sq}, []Prior{{Line: pts(0, 0)}}, "priors[0].line: needs at least 2 points"},
		{"NaN line", MapConfig{Bounds: sq}, []Prior{{Line: pts(0, 0, math.NaN(), 1)}}, "priors[0].line: point 1 is not finite"},
		{"probability", MapConfig{Bounds: sq}, []Prior{{Polygon: sq, Probability: ptr(-0.1)}}, "priors[0].probability: must be in [0, 1], got -0.1"},
		{"NaN probability", MapConfig{Bounds: sq}, []Prior{{Polygon: sq, Probability: ptr(math.NaN())}}, "priors[0].probability"},
		{"priority", MapConfig{Bounds: sq}, []Prior{{Polygon: sq, Priority: ptr(-1.0)}}, "priors[0].priority: must be a finite number ≥ 0"},
		{"sensor model", MapConfig{Bounds: sq}, []Prior{{Polygon: sq, SensorModel: ptr(256)}}, "priors[0].sensor_model: must be in [0, 255], got 256"},
		{"sigma", MapConfig{Bounds: sq}, []Prior{{Gaussian: &Gaussian{Sigma: 0, Peak: 0.5}}}, "priors[0].gaussian.sigma"},
		{"peak", MapConfig{Bounds: sq}, []Prior{{Gaussian: &Gaussian{Sigma: 10, Peak: 1.5}}}, "priors[0].gaussian.peak"},
		{"gaussian with probability", MapConfig{Bounds: sq}, []Prior{{Gaussian: &Gaussian{Sigma: 10, Peak: 0.5}, Probability: ptr(0.5)}}, "priors[0].probability: not used with gaussian"},
		{"prior off the map", MapConfig{Bounds: sq}, []Prior{{Point: &geom.Point{X: 400, Y: 10}}}, "priors[0]: covers no cell of the map grid"},
		{"polygon off the map", MapConfig{Bounds: sq}, []Prior{{Polygon: pts(0, 0, 10, 0, 10, 10)}, {Polygon: pts(1000, 0, 1100, 0, 1100, 100)}}, "priors[1]: covers no cell"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewGrid(c.m, c.priors)
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("err = %v, want one containing %q", err, c.err)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	g := &Grid{Res: 1, Rows: 2, Cols: 2, Prob: []float64{0, 0.5, 0.5, 0.1}}
	if got := g.ProbabilityMass(); math.Abs(got-1.1) > 1e-15 {
		t.Errorf("ProbabilityMass = %v, want 1.1", got)
	}
	h := 2 + Entropy(0.1)
	if got := g.TotalEntropy(); math.Abs(got-h) > 1e-15 {
		t.Errorf("TotalEntropy = %v, want %v", got, h)
	}
	if got := g.AverageEntropy(); math.Abs(got-h/4) > 1e-15 {
		t.Errorf("AverageEntropy = %v, want %v", got, h/4)
	}
	if got := g.AverageProbability(); math.Abs(got-1.1/4) > 1e-15 {
		t.Errorf("AverageProbability = %v, want %v", got, 1.1/4)
	}
	var empty Grid
	if empty.AverageEntropy() != 0 || empty.AverageProbability() != 0 {
		t.Error("an empty grid's averages must be 0")
	}
	// Out-of-bounds cells count in the averages (as zeros).
	g = mustGrid(t, MapConfig{Bounds: lShape, DefaultProbability: ptr(0.5)})
	if got, want := g.AverageProbability(), 0.5*39/100; math.Abs(got-want) > 1e-12 {
		t.Errorf("L-shape AverageProbability = %v, want %v", got, want)
	}
	if got, want := g.AverageEntropy(), 39.0/100; math.Abs(got-want) > 1e-12 {
		t.Errorf("L-shape AverageEntropy = %v, want %v", got, want)
	}
}

func ExampleNewGrid() {
	g, err := NewGrid(MapConfig{
		Resolution: 30,
		Bounds:     []geom.Point{{X: 0, Y: 0}, {X: 5000, Y: 0}, {X: 5000, Y: 5000}, {X: 0, Y: 5000}},
	}, []Prior{
		{Polygon: []geom.Point{{X: 1000, Y: 1000}, {X: 2000, Y: 1000}, {X: 2000, Y: 2000}}, Probability: ptr(0.49)},
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%d×%d cells of %v m from (%v, %v)\n", g.Rows, g.Cols, g.Res, g.XStart, g.YStart)
	fmt.Printf("expected targets %.2f, entropy %.0f bits\n", g.ProbabilityMass(), g.TotalEntropy())
	// Output:
	// 166×166 cells of 30 m from (0, 0)
	// expected targets 307.75, entropy 628 bits
}

func BenchmarkNewGrid(b *testing.B) {
	m := MapConfig{Resolution: 30, Bounds: pts(0, 0, 4000, 0, 5000, 5000, 3000, 5000, 2200, 2500)}
	priors := []Prior{
		{Polygon: pts(2300, 2500, 4400, 2500, 4900, 4900, 3100, 4900), Probability: ptr(0.49)},
		{Gaussian: &Gaussian{Center: geom.Point{X: 1200, Y: 800}, Sigma: 150, Peak: 0.4}},
		{Line: pts(0, 0, 500, 500), Probability: ptr(0.3)},
		{Point: &geom.Point{X: 2500, Y: 2500}},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := NewGrid(m, priors); err != nil {
			b.Fatal(err)
		}
	}
}

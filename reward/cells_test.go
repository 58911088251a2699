package reward

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"gonum.org/v1/gonum/spatial/r3"
	"pgregory.net/rapid"

	"github.com/tigris-uav/tigris/belief"
)

// bruteCovered is the reference's scan: every cell of the truncating box
// through the exact corner test.
func bruteCovered(g *belief.Grid, poly []r2.Vec) []cell {
	var out []cell
	i0, j0, i1, j1, ok := g.FootprintBox(poly)
	if !ok || len(poly) < 3 {
		return nil
	}
	for i := i0; i <= i1; i++ {
		for j := j0; j <= j1; j++ {
			if g.CellInConvex(poly, i, j) {
				out = append(out, cell{int32(i), int32(j)})
			}
		}
	}
	return out
}

func TestCoveredMatchesCellInConvex(t *testing.T) {
	g := &belief.Grid{XStart: -100, YStart: 50, Res: 10, Rows: 60, Cols: 50}
	tests := []struct {
		name string
		poly []r2.Vec
	}{
		{"cell-aligned square", []r2.Vec{{X: -100, Y: 50}, {X: 0, Y: 50}, {X: 0, Y: 150}, {X: -100, Y: 150}}},
		{"one cell exactly", []r2.Vec{{X: 0, Y: 100}, {X: 10, Y: 100}, {X: 10, Y: 110}, {X: 0, Y: 110}}},
		{"clockwise diamond", []r2.Vec{{X: 100, Y: 100}, {X: 50, Y: 150}, {X: 100, Y: 200}, {X: 150, Y: 150}}},
		{"thinner than a cell", []r2.Vec{{X: 0, Y: 100}, {X: 200, Y: 100}, {X: 200, Y: 109}, {X: 0, Y: 109}}},
		{"off the grid", []r2.Vec{{X: -500, Y: -500}, {X: -400, Y: -500}, {X: -400, Y: -400}}},
		{"overhanging the grid", []r2.Vec{{X: -150, Y: 0}, {X: 600, Y: 0}, {X: 600, Y: 600}, {X: -150, Y: 600}}},
		{"degenerate", []r2.Vec{{X: 0, Y: 100}, {X: 100, Y: 100}}},
	}
	for _, tt := range tests {
		got, want := covered(nil, g, tt.poly), bruteCovered(g, tt.poly)
		if !slices.Equal(got, want) {
			t.Errorf("%s: covered %v, want %v", tt.name, got, want)
		}
	}

	cams := []belief.Camera{
		{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 6, MaxRange: 700},
		{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 2, MaxRange: 700},
		{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: 0.3, MaxRange: 150},
	}
	rapid.Check(t, func(rt *rapid.T) {
		cam := cams[rapid.IntRange(0, len(cams)-1).Draw(rt, "camera")]
		// Positions on multiples of 5 m and headings on multiples of π/8 put
		// edges and corners exactly on grid lines.
		pos := func(name string) r3.Vec {
			return r3.Vec{
				X: 5 * float64(rapid.IntRange(-30, 130).Draw(rt, name+"x")),
				Y: 5 * float64(rapid.IntRange(0, 120).Draw(rt, name+"y")),
				Z: 5 * float64(rapid.IntRange(1, 40).Draw(rt, name+"z")),
			}
		}
		yaw := math.Pi / 8 * float64(rapid.IntRange(-8, 8).Draw(rt, "yaw"))
		if rapid.Bool().Draw(rt, "any yaw") {
			yaw = rapid.Float64Range(-math.Pi, math.Pi).Draw(rt, "yaw'")
		}
		poly := cam.Footprint(nil, pos("a"), yaw)
		if rapid.Bool().Draw(rt, "sweep") {
			poly, _ = convexHull(nil, nil, poly, cam.Footprint(nil, pos("b"), yaw))
		}
		got, want := covered(nil, g, poly), bruteCovered(g, poly)
		if !slices.Equal(got, want) {
			rt.Fatalf("polygon %v: covered %v, want %v", poly, got, want)
		}
	})
}

// lineSweep gives verticalExtent's answers bit for bit at lines of
// increasing x, on and between vertices, also for polygons with vertical
// edges and for one too large to sweep.
func TestLineSweepMatchesVerticalExtent(t *testing.T) {
	circle := make([]r2.Vec, maxSweepEdges+5)
	for k := range circle {
		s, c := math.Sincos(2 * math.Pi * float64(k) / float64(len(circle)))
		circle[k] = r2.Vec{X: 100 * c, Y: 100 * s}
	}
	cam := belief.Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 6, MaxRange: 700}
	hull, _ := convexHull(nil, nil, cam.Footprint(nil, r3.Vec{X: -50, Y: 0, Z: 50}, 0.4), cam.Footprint(nil, r3.Vec{X: 60, Y: 50, Z: 60}, 0.4))
	tests := []struct {
		name string
		poly []r2.Vec
	}{
		{"square", []r2.Vec{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 0, Y: 10}}},
		{"clockwise diamond", []r2.Vec{{X: 100, Y: 100}, {X: 50, Y: 150}, {X: 100, Y: 200}, {X: 150, Y: 150}}},
		{"footprint", cam.Footprint(nil, r3.Vec{X: 30, Y: 40, Z: 50}, 0.7)},
		{"sweep", hull},
		{"hexagon with vertical edges", []r2.Vec{{X: 0, Y: 0}, {X: 50, Y: -20}, {X: 100, Y: 0}, {X: 100, Y: 40}, {X: 50, Y: 60}, {X: 0, Y: 40}}},
		{"clockwise hexagon", []r2.Vec{{X: 0, Y: 40}, {X: 50, Y: 60}, {X: 100, Y: 40}, {X: 100, Y: 0}, {X: 50, Y: -20}, {X: 0, Y: 0}}},
		{"clipped footprint", cam.Footprint(nil, r3.Vec{X: 30, Y: 40, Z: 400}, -2)},
		{"too many edges", circle},
	}
	for _, tt := range tests {
		var sw lineSweep
		sw.init(tt.poly)
		xs := []float64{-1000}
		for _, p := range tt.poly {
			xs = append(xs, p.X)
		}
		for k := range 400 {
			xs = append(xs, -200+float64(k)*1.7)
		}
		slices.Sort(xs)
		for _, x := range xs {
			lo, hi, ok := sw.extent(x)
			wlo, whi, wok := verticalExtent(tt.poly, x)
			if ok != wok || ok && (lo != wlo || hi != whi) {
				t.Fatalf("%s at x=%v: %v, %v, %v; want %v, %v, %v", tt.name, x, lo, hi, ok, wlo, whi, wok)
			}
		}
	}
}

func TestConvexHull(t *testing.T) {
	sq := []r2.Vec{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}, {X: 0, Y: 1}}
	moved := []r2.Vec{{X: 3, Y: 0}, {X: 4, Y: 0}, {X: 4, Y: 1}, {X: 3, Y: 1}}
	got, _ := convexHull(nil, nil, sq, moved)
	want := []r2.Vec{{X: 0, Y: 0}, {X: 4, Y: 0}, {X: 4, Y: 1}, {X: 0, Y: 1}}
	if !slices.Equal(got, want) {
		t.Errorf("hull of two unit squares: %v, want %v", got, want)
	}
}

// BenchmarkCovered scans the reference fixed-wing camera's footprint at
// 50 m and the swept hull of a 500 m straight, both heading diagonally
// across a 30 m grid, as a planner's node does.
func BenchmarkCovered(b *testing.B) {
	g := &belief.Grid{Res: 30, Rows: 166, Cols: 166}
	cam := belief.Camera{FocalLength: 15, SensorWidth: 10, SensorHeight: 10, Pitch: math.Pi / 6, MaxRange: 700}
	psi := 0.7
	from := r3.Vec{X: 2000, Y: 2000, Z: 50}
	to := r3.Vec{X: 2000 + 500*math.Cos(psi), Y: 2000 + 500*math.Sin(psi), Z: 50}
	fp := cam.Footprint(nil, to, psi)
	hull, _ := convexHull(nil, nil, cam.Footprint(nil, from, psi), fp)
	for _, tt := range []struct {
		name string
		poly []r2.Vec
	}{{"footprint", fp}, {"sweep", hull}} {
		b.Run(tt.name, func(b *testing.B) {
			var dst []cell
			var sw lineSweep // as an Evaluator keeps it
			b.ReportAllocs()
			for b.Loop() {
				dst = sw.covered(dst[:0], g, tt.poly)
			}
			b.ReportMetric(float64(len(dst)), "cells")
		})
	}
}

package motion

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
	"pgregory.net/rapid"

	"github.com/tigris-uav/tigris/geom"
)

// firstInvalidEveryPiece is FirstInvalid without the whole-path tests: every
// zone against every piece.
func (v *Validator) firstInvalidEveryPiece(p *Path) int {
	all := reach{circles: true, polys: true, bounds: v.stay}
	for i := 1; i < len(p.States); i++ {
		if !v.pieceValid(p.States[i-1], p.States[i], p.Dist[i]-p.Dist[i-1], all) {
			return i
		}
	}
	return len(p.States)
}

// genStar draws a star-shaped (so simple, possibly concave) polygon around
// (cx, cy) with radii in [rmin, rmax].
func genStar(t *rapid.T, label string, cx, cy, rmin, rmax float64) geom.Polygon {
	n := rapid.IntRange(3, 9).Draw(t, label+".n")
	poly := make(geom.Polygon, n)
	for k := range poly {
		a := twoPi * float64(k) / float64(n)
		r := rapid.Float64Range(rmin, rmax).Draw(t, label+".r")
		poly[k] = r2.Vec{X: cx + r*math.Cos(a), Y: cy + r*math.Sin(a)}
	}
	return poly
}

// TestFirstInvalidWholePathTestsChangeNothing checks that skipping the zones
// no piece can reach gives FirstInvalid's answer without the skipping, for
// paths of every model near, across and far from circles, polygons and
// concave bounds.
func TestFirstInvalidWholePathTestsChangeNothing(t *testing.T) {
	models := []Model{
		Dubins{Radius: 100, Airspeed: 25},
		Trochoid{Radius: 80, Airspeed: 25, ClimbRate: 2, Wind: Wind{X: 7, Y: -4}},
		Multirotor{Airspeed: 5, YawRate: 1},
	}
	var skipped, tested int
	rapid.Check(t, func(t *rapid.T) {
		m := models[rapid.IntRange(0, len(models)-1).Draw(t, "model")]
		var p Path
		if err := m.Steer(&p, genPose(t, "from"), genPose(t, "to"), rapid.Float64Range(2, 100).Draw(t, "step")); err != nil {
			t.Fatal(err)
		}
		if n := rapid.IntRange(1, len(p.States)).Draw(t, "keep"); rapid.Bool().Draw(t, "truncate") {
			p.Truncate(n)
		}
		// Zones anywhere, or grazing the path: a rim or a vertex a few metres
		// (about a curve's bulge) beyond the state furthest out in some
		// direction, where the whole-path tests are closest to being wrong.
		graze := func(label string, r float64) (x, y float64) {
			dir := rapid.IntRange(0, 3).Draw(t, label+".direction")
			ux, uy := [4]float64{1, -1, 0, 0}[dir], [4]float64{0, 0, 1, -1}[dir]
			s := p.States[0]
			for _, q := range p.States {
				if q.X*ux+q.Y*uy > s.X*ux+s.Y*uy {
					s = q
				}
			}
			d := r + rapid.Float64Range(-0.5, 3).Draw(t, label+".gap")
			return s.X + d*ux, s.Y + d*uy
		}
		var zones []KeepOut
		for range rapid.IntRange(0, 3).Draw(t, "circles") {
			x, y := rapid.Float64Range(-1500, 1500).Draw(t, "cx"), rapid.Float64Range(-1500, 1500).Draw(t, "cy")
			r := rapid.Float64Range(1, 400).Draw(t, "cr")
			if rapid.Bool().Draw(t, "circle grazes") {
				x, y = graze("circle", r)
			}
			zones = append(zones, circle(x, y, r))
		}
		for range rapid.IntRange(0, 3).Draw(t, "polygons") {
			x, y := rapid.Float64Range(-1500, 1500).Draw(t, "px"), rapid.Float64Range(-1500, 1500).Draw(t, "py")
			poly := genStar(t, "zone", 0, 0, 20, 300)
			if rapid.Bool().Draw(t, "polygon grazes") {
				// Shift the polygon so that its first vertex grazes.
				gx, gy := graze("polygon", 0)
				x, y = gx-poly[0].X, gy-poly[0].Y
			}
			var k KeepOut
			for _, q := range poly {
				k.Polygon = append(k.Polygon, geom.Point{X: x + q.X, Y: y + q.Y})
			}
			zones = append(zones, k)
		}
		stay := rapid.Bool().Draw(t, "stay")
		bounds := genStar(t, "bounds", 0, 0, 200, 3000)
		bx, by := rapid.Float64Range(-3000, 3000).Draw(t, "bx"), rapid.Float64Range(-3000, 3000).Draw(t, "by")
		if rapid.Bool().Draw(t, "bounds graze") {
			gx, gy := graze("bounds", 0)
			bx, by = gx-bounds[0].X, gy-bounds[0].Y
		}
		for k := range bounds {
			bounds[k].X += bx
			bounds[k].Y += by
		}
		v := mustValidator(t, zones, bounds, stay)
		want := v.firstInvalidEveryPiece(&p)
		if got := v.FirstInvalid(&p); got != want {
			t.Fatalf("FirstInvalid = %d, every piece = %d (of %d states)", got, want, len(p.States))
		}
		if len(p.States) > 1 {
			if v.nearZones(&p) == (reach{}) {
				skipped++
			} else {
				tested++
			}
		}
	})
	// The test means something only if both branches ran.
	if skipped == 0 || tested == 0 {
		t.Fatalf("whole path skipped %d times, tested %d times: widen the draws", skipped, tested)
	}
}

// TestFirstInvalidNonFinite checks that a path with a NaN or infinite
// coordinate or length, which no box bounds, is scanned piece by piece.
func TestFirstInvalidNonFinite(t *testing.T) {
	v := mustValidator(t, []KeepOut{circle(5000, 5000, 10), polygon(6000, 6000, 6100, 6000, 6000, 6100)}, uBounds, true)
	tests := []struct {
		name string
		edit func(p *Path)
	}{
		{"NaN x", func(p *Path) { p.States[2].X = math.NaN() }},
		{"infinite y", func(p *Path) { p.States[1].Y = math.Inf(-1) }},
		{"NaN dist", func(p *Path) { p.Dist[3] = math.NaN() }},
		{"infinite dist", func(p *Path) { p.Dist[3] = math.Inf(1) }},
		{"huge piece", func(p *Path) { p.Dist[3] = 1e200 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p Path
			if err := (Multirotor{Airspeed: 5}).Steer(&p, pose(10, 10, 50, 0), pose(30, 20, 50, 0), 4); err != nil {
				t.Fatal(err)
			}
			tt.edit(&p)
			if got, want := v.FirstInvalid(&p), v.firstInvalidEveryPiece(&p); got != want {
				t.Fatalf("FirstInvalid = %d, every piece = %d", got, want)
			}
		})
	}
}

package geom

import (
	"testing"

	"gonum.org/v1/gonum/spatial/r2"
)

func square(s float64) Polygon {
	return Polygon{{X: 0, Y: 0}, {X: 0, Y: s}, {X: s, Y: s}, {X: s, Y: 0}}
}

// The reference's own point-in-polygon cases (model §9 item 1), plus concave ones.
func TestContains(t *testing.T) {
	notch := Polygon{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 5, Y: 5}, {X: 0, Y: 10}} // concave: a notch from the top
	cases := []struct {
		name      string
		poly      Polygon
		p         r2.Vec
		strict    bool
		inclusive bool
	}{
		{"unit square corner", square(1), r2.Vec{X: 1, Y: 1}, false, true},
		{"2x2 square interior", square(2), r2.Vec{X: 1, Y: 1}, true, true},
		{"outside", square(2), r2.Vec{X: 3, Y: 1}, false, false},
		{"on edge", square(2), r2.Vec{X: 2, Y: 1}, false, true},
		{"concave notch is outside", notch, r2.Vec{X: 5, Y: 8}, false, false},
		{"concave arm is inside", notch, r2.Vec{X: 1, Y: 8}, true, true},
		{"concave on notch edge", notch, r2.Vec{X: 7.5, Y: 7.5}, false, true},
	}
	for _, c := range cases {
		if got := c.poly.Contains(c.p); got != c.strict {
			t.Errorf("%s: Contains = %v, want %v", c.name, got, c.strict)
		}
		if got := c.poly.ContainsInclusive(c.p); got != c.inclusive {
			t.Errorf("%s: ContainsInclusive = %v, want %v", c.name, got, c.inclusive)
		}
	}
}

func TestValidate(t *testing.T) {
	cases := []struct {
		name string
		poly Polygon
		ok   bool
	}{
		{"square", square(1), true},
		{"concave", Polygon{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}, {X: 5, Y: 5}, {X: 0, Y: 10}}, true},
		{"two vertices", Polygon{{X: 0, Y: 0}, {X: 1, Y: 1}}, false},
		{"bow tie", Polygon{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: 1, Y: 0}, {X: 0, Y: 1}}, false},
		{"collinear", Polygon{{X: 0, Y: 0}, {X: 1, Y: 0}, {X: 2, Y: 0}}, false},
		{"spike back", Polygon{{X: 0, Y: 0}, {X: 2, Y: 0}, {X: 1, Y: 0}, {X: 1, Y: 1}}, false},
	}
	for _, c := range cases {
		if err := c.poly.Validate(); (err == nil) != c.ok {
			t.Errorf("%s: Validate() = %v, want ok=%v", c.name, err, c.ok)
		}
	}
}

func TestCircleSegment(t *testing.T) {
	c := Circle{Center: r2.Vec{X: 20, Y: 0}, Radius: 5}
	if !c.SegmentEnters(r2.Vec{X: 0, Y: 0}, r2.Vec{X: 40, Y: 0}) {
		t.Error("a segment through the centre must enter the circle even though both ends are outside")
	}
	if c.SegmentEnters(r2.Vec{X: 0, Y: 6}, r2.Vec{X: 40, Y: 6}) {
		t.Error("a segment passing 6 m from the centre must not enter a 5 m circle")
	}
}
